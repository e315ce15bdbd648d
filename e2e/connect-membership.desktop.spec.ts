import { expect, test, type BrowserContext } from "@playwright/test";
import { screenshots, seriousViolations } from "./screens";
import { cli, signIn, signUp, uniqueEmail } from "./support";

// A new business connects Stripe (the local sandbox's hosted onboarding), makes its program paid, a member pays
// the membership on the sandbox's Checkout, and the owner's Billing page shows the revenue less the platform's fee.
test.describe.serial("an owner connects Stripe and charges a membership; the fee reaches the business less the platform's 10 %", () => {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const slug = `connect-${id}`;
  const name = `Connect Gym ${id}`;
  const ownerEmail = `owner-${id}@connect.test`;
  let owner: Awaited<ReturnType<BrowserContext["storageState"]>>;

  test("a new business with a free program (operator CLI)", () => {
    expect(cli("provider:create", "--name", name, "--slug", slug, "--owner-email", ownerEmail, "--owner-password", "owner-password-1", "--cashback-bps", "500")).toMatchObject({ programId: expect.any(String) });
  });

  test("its owner signs in", async ({ page }) => {
    await signIn(page, ownerEmail, "owner-password-1");
    await expect(page).toHaveURL(/\/dashboard/);
    owner = await page.context().storageState();
  });

  test("the owner starts not connected and cannot make the program paid yet", async ({ browser }) => {
    const context = await browser.newContext({ storageState: owner });
    const page = await context.newPage();
    await page.goto("/dashboard/settings");
    const payments = page.getByTestId("stripe-connect");
    await expect(payments.getByTestId("stripe-connect-status")).toHaveText("Not connected");
    await expect(page.getByRole("radio", { name: /Paid membership/ })).toBeDisabled();
    await expect(page.getByText("Connect your Stripe account first")).toBeVisible();
    await context.close();
  });

  test("Settings before connecting: screens and accessibility", async ({ browser }, info) => {
    const context = await browser.newContext({ storageState: owner });
    const page = await context.newPage();
    await page.goto("/dashboard/settings");
    await expect(page.getByTestId("stripe-connect-status")).toHaveText("Not connected");
    await screenshots(page, info, "settings-not-connected");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  test("Connect with Stripe: onboarding on Stripe's hosted page, back in Settings able to accept charges", async ({ browser }) => {
    const context = await browser.newContext({ storageState: owner });
    const page = await context.newPage();
    await page.goto("/dashboard/settings");
    await page.getByRole("button", { name: "Connect with Stripe" }).click();
    await expect(page.getByRole("heading", { name: /Set up payments for/ })).toBeVisible();
    await page.getByRole("button", { name: "Complete onboarding" }).click();
    await expect(page).toHaveURL(/\/dashboard\/settings\?stripe=return/);
    await expect(page.getByTestId("stripe-connect-status")).toHaveText("Can accept charges");
    await context.close();
  });

  test("the owner makes the program paid: €9.90 a month", async ({ browser }) => {
    const context = await browser.newContext({ storageState: owner });
    const page = await context.newPage();
    await page.goto("/dashboard/settings");
    await page.getByRole("radio", { name: /Paid membership/ }).check();
    await page.getByLabel("Price (EUR)").fill("9.90");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved")).toBeVisible();
    await context.close();
  });

  test("a member pays the membership on Checkout and lands back active", async ({ page }) => {
    const join = `/join/${slug}`;
    await signUp(page, { email: uniqueEmail("connect-payer"), password: "paying-password-1", name: "Pat Payer", from: `/signup?callbackUrl=${encodeURIComponent(join)}` });
    await expect(page).toHaveURL(new RegExp(`${join}$`));
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await expect(page.getByTestId("checkout-amount")).toHaveText("€9.90");
    await page.getByRole("button", { name: "Pay with test card" }).click();
    await expect(page).toHaveURL(new RegExp(`${join}/return\\?session_id=cs_`));
    await expect(page.getByTestId("membership-status")).toHaveText(/Membership active/);
  });

  test("the owner's Billing page shows the revenue, the platform's fee and what was transferred", async ({ browser }) => {
    const context = await browser.newContext({ storageState: owner });
    const page = await context.newPage();
    const row = page.getByTestId("membership-revenue-row").first();
    // invoice.paid is delivered by the sandbox's webhook: look again until it was recorded.
    await expect(async () => {
      await page.goto("/dashboard/billing");
      await expect(row.getByTestId("revenue-gross")).toHaveText("€9.90", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(row.getByTestId("revenue-fee")).toHaveText("€0.99");
    await expect(row.getByTestId("revenue-transferred")).toHaveText("€8.91");
    await context.close();
  });

  test("Billing with membership revenue: screens and accessibility", async ({ browser }, info) => {
    const context = await browser.newContext({ storageState: owner });
    const page = await context.newPage();
    await page.goto("/dashboard/billing");
    await expect(page.getByTestId("membership-revenue-row")).toHaveCount(1);
    await screenshots(page, info, "billing-membership-revenue");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
