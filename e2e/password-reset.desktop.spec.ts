import { expect, test, type Page } from "@playwright/test";
import { cli, signIn, uniqueEmail } from "./support";
import { seriousViolations } from "./screens";

const OLD_PASSWORD = "an-old-long-password";
const NEW_PASSWORD = "a-new-long-password";

function resetMessage(page: Page, email: string) {
  return page
    .getByTestId("outbox-message")
    .filter({ has: page.getByText(`To ${email}`, { exact: true }) })
    .filter({ hasText: "Reset your Boomerang password" })
    .first();
}

// One story in short serial steps, each well inside the timeout on a busy machine.
test.describe.serial("a forgotten password is reset by an e-mailed link that works once and signs every device out", () => {
  const email = uniqueEmail("reset");
  let otherDevice: Awaited<ReturnType<ReturnType<Page["context"]>["storageState"]>>;
  let link = "";

  test.beforeAll(() => {
    cli("member:create", "--email", email, "--password", OLD_PASSWORD);
  });

  test("another device is signed in", async ({ page }) => {
    await signIn(page, email, OLD_PASSWORD);
    await expect(page).toHaveURL(/\/wallet$/);
    otherDevice = await page.context().storageState();
  });

  test("'Forgot password?' sends a link by e-mail", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page.getByText("Enter your e-mail address")).toBeVisible();
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page.getByText("Check your inbox")).toBeVisible();
    await page.goto("/dev/outbox");
    link = (await resetMessage(page, email).getByRole("link", { name: /\/reset-password\?token=/ }).getAttribute("href")) ?? "";
    expect(link).toContain("/reset-password?token=");
  });

  test("the link sets a new password", async ({ page }) => {
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("New password", { exact: true }).fill("short");
    await page.getByLabel("Repeat the new password").fill("short");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page.getByText("Use at least 10 characters")).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page.getByText("Your password is changed. Sign in with the new one.")).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/wallet$/);
  });

  test("the other device is signed out, the link does not work twice and the outbox no longer keeps it", async ({ page, browser }) => {
    const other = await browser.newContext({ storageState: otherDevice });
    const otherPage = await other.newPage();
    await otherPage.goto("/wallet");
    await expect(otherPage).toHaveURL(/\/signin/);
    await other.close();
    await page.goto(link);
    await expect(page.getByText("This reset link has expired or was already used")).toBeVisible();
    await page.goto("/dev/outbox");
    await expect(resetMessage(page, email)).toContainText("no longer kept");
    await expect(resetMessage(page, email).getByRole("link")).toHaveCount(0);
  });
});
