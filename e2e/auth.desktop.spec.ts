import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, USERS, authFile, outboxLink, signIn, signUp, uniqueEmail } from "./support";

test.describe("signed out", () => {
  for (const path of ["/dashboard", "/register", "/wallet", "/admin"]) {
    test(`visiting ${path} redirects to sign-in`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=.*${path.slice(1)}`));
      await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    });
  }

  test("the public pages load", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: /Cashback your customers come back for/ })).toBeVisible();
    await page.goto("/p/cafe-aurora");
    await expect(page.getByRole("heading", { name: "Café Aurora" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Join Café Aurora" })).toBeVisible();
    const missing = await page.goto("/p/no-such-program");
    expect(missing?.status()).toBe(404);
  });

  test("a wrong password and an unknown e-mail get the same answer", async ({ page }) => {
    const message = page.getByRole("alert").filter({ hasText: /\w/ });
    await signIn(page, USERS.owner, "not-the-password");
    await expect(message).toHaveText("That e-mail and password don't match an account.");
    await signIn(page, uniqueEmail("nobody"), "not-the-password");
    await expect(message).toHaveText("That e-mail and password don't match an account.");
    await expect(page).toHaveURL(/\/signin$/);
  });

  test("sign-up validates its input with clear messages", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("E-mail").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter a valid e-mail address")).toBeVisible();
  });

  test("sign up, confirm by e-mail, sign in and land in the wallet", async ({ page }) => {
    const email = uniqueEmail("new");
    await signUp(page, { email, password: "a-long-password-1", name: "Nora New" });
    await expect(page).toHaveURL(/\/wallet$/);
    await expect(page.getByRole("heading", { name: "Hi, Nora" })).toBeVisible();
    await expect(page.getByText("No programs yet")).toBeVisible();
  });

  test("the confirmation link works without JavaScript (a tap before the page hydrates is not lost)", async ({ page, browser }) => {
    const email = uniqueEmail("nojs");
    await page.goto("/signup");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill("a-long-password-2");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Check your inbox")).toBeVisible();
    await page.goto("/dev/outbox");
    const link = await outboxLink(page, email).getAttribute("href");
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const confirm = await noJs.newPage();
    await confirm.goto(link ?? "");
    await confirm.getByRole("button", { name: "Confirm and create my account" }).click();
    await expect(confirm).toHaveURL(/\/wallet$/);
    // Signed in by the confirmation itself (the wallet's content streams in with JavaScript; its header does not).
    await expect(confirm.getByTestId("signed-in-as")).toHaveText(email);
    await noJs.close();
  });

  test("signing up with an e-mail that has an account looks the same and changes nothing", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("E-mail").fill(USERS.member);
    await page.getByLabel("Password").fill("another-password-9");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Check your inbox")).toBeVisible();
    await signIn(page, USERS.member, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/wallet$/);
  });
});

test.describe("each role stays in its own area", () => {
  test.describe("member", () => {
    test.use({ storageState: authFile("member") });
    test("cannot open provider, register or admin pages", async ({ page }) => {
      for (const path of ["/dashboard", "/register", "/admin"]) {
        await page.goto(path);
        await expect(page).toHaveURL(/\/wallet$/);
      }
      await expect(page.getByTestId("member-code").first()).toBeVisible();
    });
  });

  test.describe("cashier", () => {
    test.use({ storageState: authFile("cashier") });
    test("works the register and cannot open the dashboard", async ({ page }) => {
      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/register$/);
      await expect(page.getByRole("heading", { name: "Cash register" })).toBeVisible();
      await page.getByLabel("Member code").fill("zzzz");
      await page.getByRole("button", { name: "Find member" }).click();
      await expect(page.getByText("A member code has 8 letters")).toBeVisible();
    });
  });

  test.describe("owner", () => {
    test.use({ storageState: authFile("owner") });
    test("sees the dashboard and cannot open admin", async ({ page }) => {
      await page.goto("/dashboard");
      await expect(page.getByRole("heading", { name: /Welcome, Café Aurora/ })).toBeVisible();
      await page.goto("/admin");
      await expect(page).toHaveURL(/\/dashboard$/);
    });
  });

  test.describe("admin", () => {
    test.use({ storageState: authFile("admin") });
    test("sees every provider", async ({ page }) => {
      await page.goto("/admin");
      await expect(page.getByRole("cell", { name: "Café Aurora" })).toBeVisible();
    });
  });
});

test("signing out from the profile ends the session", async ({ page }) => {
  await signIn(page, USERS.member);
  await expect(page).toHaveURL(/\/wallet$/);
  await page.goto("/wallet/profile");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});

test.describe("without JavaScript", () => {
  test("signing out still works: the button is a plain form", async ({ browser, page: withJs }) => {
    // Its own session: signing out ends the session it signs out of, so the shared member session stays.
    await signIn(withJs, USERS.member);
    await expect(withJs).toHaveURL(/\/wallet$/);
    const context = await browser.newContext({ storageState: await withJs.context().storageState(), javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/wallet/profile");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/wallet");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  });
});
