import { expect, test, type Browser, type Page } from "@playwright/test";
import { stepAt, totpCode } from "../lib/auth/totp";
import { cli, signIn, uniqueEmail } from "./support";
import { seriousViolations } from "./screens";

const PASSWORD = "a-long-password-for-accounts";
type State = Awaited<ReturnType<ReturnType<Page["context"]>["storageState"]>>;

async function signedIn(page: Page, email: string, password = PASSWORD): Promise<State> {
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/wallet$/);
  return page.context().storageState();
}

/** A page of a device whose session was saved in an earlier step. */
async function device(browser: Browser, state: State) {
  const context = await browser.newContext({ storageState: state });
  return { context, page: await context.newPage() };
}

async function expectSignedOut(browser: Browser, state: State) {
  const { context, page } = await device(browser, state);
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await context.close();
}

/** A new member signed in on two devices, each sign-in a step of its own; `other` and `mine` are their sessions. */
function twoSignedInDevices(prefix: string) {
  const email = uniqueEmail(prefix);
  const devices = {} as { other: State; mine: State };
  test.beforeAll(() => {
    cli("member:create", "--email", email, "--password", PASSWORD);
  });
  test("one device is signed in", async ({ page }) => {
    devices.other = await signedIn(page, email);
  });
  test("another device is signed in", async ({ page }) => {
    devices.mine = await signedIn(page, email);
  });
  return devices;
}

// Each story in short serial steps (one sign-in or one change each), well inside the timeout on a busy machine.
test.describe.serial("sign out everywhere", () => {
  const devices = twoSignedInDevices("everywhere");

  test("the profile lists the recent sign-ins, this device's marked", async ({ browser }) => {
    const { context, page } = await device(browser, devices.mine);
    await page.goto("/wallet/profile");
    const rows = page.getByRole("list", { name: "Recent sign-ins" }).getByTestId("sign-in-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText("This device");
    await context.close();
  });

  test("the profile has no serious accessibility violations", async ({ browser }) => {
    const { context, page } = await device(browser, devices.mine);
    await page.goto("/wallet/profile");
    await expect(page.getByRole("heading", { name: "Sign-ins" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  test("'Sign out everywhere' signs this device out…", async ({ browser }) => {
    const { context, page } = await device(browser, devices.mine);
    await page.goto("/wallet/profile");
    await page.getByRole("button", { name: "Sign out everywhere…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await context.close();
  });

  test("…and every other session: a copy of this one and the other device", async ({ browser }) => {
    await expectSignedOut(browser, devices.mine);
    await expectSignedOut(browser, devices.other);
  });
});

test.describe.serial("changing the password", () => {
  const devices = twoSignedInDevices("newpass");

  test("changes it and keeps this device signed in", async ({ browser }) => {
    const { context, page } = await device(browser, devices.mine);
    await page.goto("/wallet/profile");
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("another-long-password");
    await page.getByLabel("Repeat the new password").fill("another-long-password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Password changed. Your other devices are signed out.")).toBeVisible();
    devices.mine = await context.storageState();
    await context.close();
  });

  test("this device is still signed in, the other is not", async ({ browser }) => {
    const { context, page } = await device(browser, devices.mine);
    await page.goto("/wallet/profile");
    await expect(page.getByRole("heading", { name: "Profile", exact: true })).toBeVisible();
    await context.close();
    await expectSignedOut(browser, devices.other);
  });
});

test.describe.serial("two-factor sign-in", () => {
  const email = uniqueEmail("totp");
  let mine: State;
  let secret = "";
  let enrolStep = 0;
  let recoveryCode = "";
  test.beforeAll(() => {
    cli("member:create", "--email", email, "--password", PASSWORD);
  });

  test("a member signs in", async ({ page }) => {
    mine = await signedIn(page, email);
  });

  test("enrols with the QR code's key and a code, and sees the recovery codes once", async ({ browser }) => {
    const { context, page } = await device(browser, mine);
    await page.goto("/wallet/profile");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
    secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    enrolStep = stepAt(new Date());
    await page.getByLabel("2. Code from the app").fill(totpCode(secret, enrolStep));
    await page.getByRole("button", { name: "Turn on" }).click();
    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await expect(codes).toHaveCount(10);
    recoveryCode = (await codes.first().textContent()) ?? "";
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect(page.getByText("10 recovery codes left")).toBeVisible();
    await context.close();
  });

  test("signing in asks for the code after the password", async ({ page }) => {
    await signIn(page, email, PASSWORD);
    // The enrolment code was used; the next step's code is accepted (one step of clock drift is allowed).
    await page.getByLabel("Authentication code").fill(totpCode(secret, Math.max(enrolStep + 1, stepAt(new Date()))));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/wallet$/);
  });

  test("a wrong code is refused; a recovery code signs in instead of the app", async ({ page }) => {
    await signIn(page, email, PASSWORD);
    await page.getByLabel("Authentication code").fill("12345");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
    await page.getByLabel("Authentication code").fill(recoveryCode);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/wallet$/);
  });
});
