import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { formatMoney } from "../lib/money/format";
import { authFile, cli, e2eServerEnv, postOrderPaid, uniqueEmail } from "./support";
import { screenshots, seriousViolations } from "./screens";

/**
 * Platform admins see every business's failed invoices: a business of its own earns commission, its month is
 * invoiced through the Stripe sandbox (that business only), the card is declined, and /admin/invoices lists it
 * with the month, the amount in its currency, Stripe's reason and a link to the business; on a phone as cards.
 */
test.describe.serial("an admin sees a business's failed invoice", () => {
  const id = randomUUID().slice(0, 8);
  const shopName = `Dunning Deli ${id}`;
  const slug = `dunning-${id}`;
  const ownerEmail = `owner-${id}@dunning.test`;
  const password = "dunning-password-1";
  const now = new Date();
  const period = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
  const monthName = now.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  let invoice = { stripeInvoiceId: "", amountMinor: "" };

  let programId = "";
  let secret = "";
  const memberEmail = uniqueEmail("dunning");

  // Two CLI calls a step: four ran 37 s beside a CPU hog.
  test("a business of its own (operator CLI)", () => {
    const shop = cli("provider:create", "--name", shopName, "--slug", slug, "--owner-email", ownerEmail, "--owner-password", password, "--cashback-bps", "1000", "--hold-days", "0");
    programId = String(shop.programId);
    secret = String(cli("program:secret", "--program", programId).secret);
  });

  test("a member of it (operator CLI)", () => {
    cli("member:create", "--email", memberEmail, "--password", password, "--name", "Dana Dunning");
    cli("member:enroll", "--program", programId, "--email", memberEmail);
  });

  test("the business's month is invoiced and Stripe declines the card", async ({ baseURL, request }) => {
    const order = await postOrderPaid(String(baseURL), programId, secret, { orderId: `DUN-${id}`, amount: 20_000, currency: "EUR", customer: { email: memberEmail } });
    expect(order.status).toBe(202);

    const invoiced = cli("billing:invoice-month", "--month", period, "--provider", slug) as unknown as { stripeInvoiceId: string; amountMinor: string | number }[];
    expect(invoiced).toHaveLength(1);
    invoice = { stripeInvoiceId: String(invoiced[0]?.stripeInvoiceId), amountMinor: String(invoiced[0]?.amountMinor) };
    // The sandbox's test control: the attempt fails and Stripe tells the app (invoice.payment_failed).
    const failed = await request.post(`${e2eServerEnv().STRIPE_SANDBOX_URL}/sandbox/invoices/${invoice.stripeInvoiceId}/fail-payment`);
    expect(failed.status()).toBe(200);
  });

  test("the admin finds it under Failed invoices, with month, amount, reason and a link to the business", async ({ browser }, info) => {
    const context = await browser.newContext({ storageState: authFile("admin") });
    const page = await context.newPage();
    await page.goto("/admin");
    await page.getByRole("link", { name: "Failed invoices" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Failed invoices" })).toBeVisible();
    const row = page.getByTestId("failed-invoice-row").filter({ hasText: shopName });
    await expect(async () => {
      await page.reload();
      await expect(row).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(row).toContainText(monthName);
    await expect(row).toContainText(formatMoney(BigInt(invoice.amountMinor), "EUR"));
    await expect(row).toContainText("Your card was declined.");
    await expect(row).toContainText("Due");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, info, "admin-failed-invoices");

    // On a phone: the same invoice as a card.
    await page.setViewportSize({ width: 390, height: 844 });
    const card = page.getByTestId("failed-invoice").filter({ hasText: shopName });
    await expect(card).toBeVisible();
    await expect(row).toBeHidden();
    await expect(card).toContainText("Your card was declined.");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, info, "admin-failed-invoices-phone");

    await card.getByRole("link", { name: shopName }).click();
    await expect(page).toHaveURL(/\/admin\/providers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(shopName) })).toBeVisible();
    await context.close();
  });

  test("the page is for platform admins only: the business's owner is not shown it", async ({ browser }) => {
    const context = await browser.newContext({ storageState: authFile("owner") });
    const page = await context.newPage();
    await page.goto("/admin/invoices");
    await expect(page).not.toHaveURL(/\/admin\/invoices/);
    await expect(page.getByText(shopName)).toHaveCount(0);
    await context.close();
  });
});
