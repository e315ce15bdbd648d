import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { cli, finishPayoutSetup, signIn } from "./support";

/**
 * Money out, on the sandboxes: a member links a bank account (Plaid sandbox), withdraws available cashback,
 * confirms by the e-mailed link, sets up their Stripe payout account on the first withdrawal (the sandbox's
 * hosted Express onboarding), and the payout (Stripe sandbox, through Connect) settles it as paid.
 * Leo, not Maya: the linked-account spec links and unlinks Maya's bank at the same time.
 */
// One story in serial steps, each well inside the timeout with both cores busy.
test.describe.serial("a member links a bank account, withdraws €10.00, confirms by e-mail, sets up payouts with Stripe and sees it paid", () => {
  let context: BrowserContext;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test("Leo signs in and links Houndstooth Bank (Plaid sandbox)", async () => {
    await signIn(page, "leo@example.test");
    await expect(page).toHaveURL(/\/wallet$/);

    await page.goto("/wallet/accounts");
    await page.getByRole("button", { name: "Link an account" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Link a test bank" });
    await dialog.getByLabel("Houndstooth Bank").check();
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("linked-account").filter({ hasText: "Houndstooth Bank" })).toBeVisible();
  });

  test("under €10.00 is refused; €10.00 is asked for, confirmed on screen, and waits for the e-mail confirmation", async () => {
    await page.goto("/wallet");
    await page.getByRole("link", { name: "Withdraw" }).click();
    await expect(page.getByRole("heading", { name: "Withdraw", exact: true })).toBeVisible();
    const from = page.getByLabel("From");
    await from.selectOption((await from.locator("option", { hasText: "Café Aurora" }).getAttribute("value")) ?? "");
    await page.getByLabel(/Amount/).fill("9.99");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText("The smallest withdrawal in EUR is €10.00.")).toBeVisible();
    await page.getByLabel(/Amount/).fill("10.00");
    await page.getByRole("button", { name: "Continue" }).click();
    const confirm = page.getByRole("dialog", { name: "Withdraw this amount?" });
    await expect(confirm).toContainText("€10.00 from Café Aurora, checked against Houndstooth Bank");
    await confirm.getByRole("button", { name: "Withdraw" }).click();
    await expect(page.getByText("Check your e-mail")).toBeVisible();
    const row = page.getByTestId("withdrawal").first();
    await expect(row).toContainText("€10.00");
    await expect(row.getByText("Confirm by e-mail")).toBeVisible();
  });

  test("the e-mailed link opens a confirmation page without a React error; confirming asks for the payout set-up, and finishing it on Stripe puts it on its way", async () => {
    await page.goto("/dev/outbox");
    const mail = page.getByTestId("outbox-message").filter({ hasText: "To leo@example.test" }).filter({ hasText: "Confirm your withdrawal of €10.00" }).first();
    const link = await mail.getByRole("link", { name: /\/wallet\/withdraw\/confirm\?token=/ }).getAttribute("href");
    // The confirmation page renders without a React error or a hydration mismatch.
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    await page.goto(link ?? "");
    await expect(page.getByRole("button", { name: "Confirm withdrawal" })).toBeEnabled();
    expect(consoleErrors.filter((e) => /encType|hydrat|did not match/i.test(e))).toEqual([]);
    await page.getByRole("button", { name: "Confirm withdrawal" }).click();
    await expect(page).toHaveURL(/\/wallet\/withdraw\?confirmed=setup$/);
    await finishPayoutSetup(page);
  });

  test("the payout job sends it and the sandbox's signed payout.paid webhook marks it paid", async () => {
    // The worker's payout job, run now: transfer to Leo's payout account → payout from it; the sandbox then
    // sends payout.paid, signed, to the app's Stripe webhook.
    expect(cli("withdrawals:send-payouts")).toMatchObject({ sent: 1, failed: 0 });
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("withdrawal").first().getByText("Paid")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  });

  test("the history shows one line for the withdrawal, with its state, and the member is notified", async () => {
    // One line for the withdrawal, with its state: not "set aside" and "withdrawn" as if it were taken twice.
    await page.goto("/wallet/history");
    const line = page.getByTestId("history-withdrawal").first();
    await expect(line).toContainText("Withdrawal from Café Aurora");
    await expect(line).toContainText("Paid");
    await expect(line).toContainText("Houndstooth Bank");
    await expect(page.getByText("Set aside for a withdrawal")).toHaveCount(0);

    await page.goto("/wallet/notifications");
    await expect(page.getByText(/withdraw/i).first()).toBeVisible();
  });
});
