import { randomUUID } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { cli, finishPayoutSetup, signIn, uniqueEmail, postOrderPaid } from "./support";
import { screenshots, seriousViolations } from "./screens";

/**
 * The business funds its members' withdrawals, on the sandboxes: an owner tops up the prepaid balance through
 * Stripe Checkout (payment mode), a member withdraws €10.00, and the owner's Billing page shows the payout line,
 * drawn from the prepaid balance. A business of its own, so no other spec's balances or payouts are touched.
 */
test.describe.serial("an owner tops up, a member withdraws, the owner's Billing page shows the payout", () => {
  const id = randomUUID().slice(0, 8);
  const ownerEmail = `owner-${id}@funding.test`;
  const memberEmail = uniqueEmail("funding");
  const password = "funding-password-1";
  const shopName = `Funding Café ${id}`;
  let owner: { context: BrowserContext; page: Page };
  let member: { context: BrowserContext; page: Page };

  let programId = "";
  let secret = "";

  test.beforeAll(async ({ browser }) => {
    owner = { context: await browser.newContext(), page: undefined as unknown as Page };
    owner.page = await owner.context.newPage();
    member = { context: await browser.newContext(), page: undefined as unknown as Page };
    member.page = await member.context.newPage();
  });

  // The CLI costs several seconds a call on a busy machine: two calls a step.
  test("a business of its own: 10 % cashback, no hold", async () => {
    const shop = cli("provider:create", "--name", shopName, "--slug", `funding-${id}`, "--owner-email", ownerEmail, "--owner-password", password, "--cashback-bps", "1000", "--hold-days", "0");
    programId = String(shop.programId);
    secret = String(cli("program:secret", "--program", programId).secret);
  });

  test("a member of it earns €20.00 (a signed order event), available at once", async ({ baseURL }) => {
    cli("member:create", "--email", memberEmail, "--password", password, "--name", "Finn Funding");
    cli("member:enroll", "--program", programId, "--email", memberEmail);
    const res = await postOrderPaid(String(baseURL), programId, String(secret), { orderId: `FUND-${id}`, amount: 20_000, currency: "EUR", customer: { email: memberEmail } });
    expect(res.status).toBe(202);
  });

  test.afterAll(async () => {
    await owner?.context.close();
    await member?.context.close();
  });

  test("the owner tops up €50.00 through Stripe Checkout and sees the prepaid balance", async ({}, info) => {
    const page = owner.page;
    await signIn(page, ownerEmail, password);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto("/dashboard/billing");
    await expect(page.getByRole("heading", { name: "Prepaid balance for payouts" })).toBeVisible();
    await page.getByLabel("Top up (EUR)").fill("50.00");
    await page.getByRole("button", { name: "Top up with Stripe" }).click();
    await expect(page.getByTestId("checkout-amount")).toContainText("50.00");
    await page.getByRole("button", { name: "Pay with test card" }).click();
    await expect(page).toHaveURL(/\/dashboard\/billing\?topup=/);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("prepaid-balance").first()).toHaveText("€50.00", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, info, "billing-prepaid");
  });

  test("the member links a bank and asks for €10.00", async () => {
    const page = member.page;
    await signIn(page, memberEmail, password);
    await expect(page).toHaveURL(/\/wallet/);
    await page.goto("/wallet/accounts");
    await page.getByRole("button", { name: "Link an account" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Link a test bank" });
    await dialog.getByLabel("Houndstooth Bank").check();
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("linked-account").filter({ hasText: "Houndstooth Bank" })).toBeVisible();
    await page.goto("/wallet/withdraw");
    await page.getByLabel(/Amount/).fill("10.00");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("dialog", { name: "Withdraw this amount?" }).getByRole("button", { name: "Withdraw" }).click();
    await expect(page.getByText("Check your e-mail")).toBeVisible();
  });

  test("the member confirms by e-mail and the payout is paid", async () => {
    const page = member.page;
    await page.goto("/dev/outbox");
    const mail = page.getByTestId("outbox-message").filter({ hasText: `To ${memberEmail}` }).filter({ hasText: "Confirm your withdrawal of €10.00" }).first();
    const link = await mail.getByRole("link", { name: /\/wallet\/withdraw\/confirm\?token=/ }).getAttribute("href");
    await page.goto(link ?? "");
    await page.getByRole("button", { name: "Confirm withdrawal" }).click();
    await expect(page).toHaveURL(/\/wallet\/withdraw\?confirmed=setup$/);
    await finishPayoutSetup(page);
    expect(cli("withdrawals:send-payouts", "--user", memberEmail)).toMatchObject({ sent: 1, failed: 0 });
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("withdrawal").first().getByText("Paid")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  });

  test("the owner's Billing page shows the payout line, drawn from the prepaid balance, and what is behind it", async ({}, info) => {
    const page = owner.page;
    await page.goto("/dashboard/billing");
    await expect(page.getByTestId("prepaid-balance").first()).toHaveText("€40.00");
    const line = page.getByTestId("payouts-line").first();
    await expect(line).toContainText("€10.00 · 1 withdrawal");
    await screenshots(page, info, "billing-payouts");
    await line.click();
    await expect(page.getByRole("heading", { name: "Cashback paid out to your members" })).toBeVisible();
    await expect(page.getByTestId("payout-charge")).toHaveCount(1);
    await expect(page.getByTestId("payout-charge").first()).toContainText("Prepaid");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
