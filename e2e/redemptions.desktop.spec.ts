import { expect, test } from "@playwright/test";
import { authFile } from "./support";
import { seriousViolations } from "./screens";

// Sam, not Maya: the phone specs compare Maya's available balance and may run at the same time.
const CUSTOMER = "sam@example.test";

/**
 * Spending cashback, seen from Café Aurora's dashboard: the owner creates an API key (shown once), a checkout
 * holds and captures cashback with it, the owner finds the payment on Redemptions and refunds part of it.
 */

test.use({ storageState: authFile("owner") });

// One story in serial steps (each well inside the timeout with both cores busy).
test.describe.serial("an API key pays with cashback at checkout; the owner sees the payment and refunds part of it", () => {
  const stamp = Date.now().toString(36);
  const orderId = `e2e-spend-${stamp}`;
  const keyName = `Checkout ${stamp}`;
  let programId = "";
  let key = "";
  let redemptionId = "";
  const api = () => `/api/v1/programs/${programId}`;
  const auth = () => ({ authorization: `Bearer ${key}` });

  test("the owner creates an API key, shown once", async ({ page }) => {
    await page.goto("/dashboard/integrations");
    programId = ((await page.getByLabel("Program id").textContent()) ?? "").trim();
    expect(programId).not.toBe("");
    const form = page.getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Name").fill(keyName);
    await expect(form.getByRole("checkbox", { name: /Read balances/ })).toBeChecked();
    await expect(form.getByRole("checkbox", { name: /Spend cashback/ })).toBeChecked();
    await form.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByText("you will not see it again")).toBeVisible();
    key = ((await page.getByLabel("New API key").textContent()) ?? "").trim();
    expect(key).toMatch(/^bmr_sk_/);
    await page.getByRole("button", { name: "I have stored it" }).click();
    await expect(page.getByLabel("New API key")).toHaveCount(0);
    // The list shows the key by its prefix only.
    const keyRow = page.getByRole("row").filter({ hasText: keyName });
    await expect(keyRow.getByText("Active")).toBeVisible();
    await expect(page.getByText(key)).toHaveCount(0);
  });

  test("the checkout holds and captures cashback with it", async ({ request }) => {
    const held = await request.post(`${api()}/redemptions`, {
      headers: { ...auth(), "idempotency-key": `hold-${orderId}` },
      data: { customer: { email: CUSTOMER }, amount: 300, currency: "EUR", orderId },
    });
    expect(held.status()).toBe(201);
    const redemption = (await held.json()) as { id: string; status: string };
    expect(redemption.status).toBe("requires_capture");
    redemptionId = redemption.id;
    const captured = await request.post(`${api()}/redemptions/${redemptionId}/capture`, { headers: auth(), data: {} });
    expect(captured.status()).toBe(200);
  });

  test("the owner finds the payment on Redemptions, with its ledger movements", async ({ page }) => {
    await page.goto(`/dashboard/redemptions?order=${orderId}`);
    const row = page.getByRole("row").filter({ hasText: orderId });
    await expect(row.getByText("Captured", { exact: true })).toBeVisible();
    await expect(row.getByText("Checkout API")).toBeVisible();
    await row.getByRole("link", { name: orderId }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Order ${orderId}` })).toBeVisible();
    const ledger = page.getByRole("region", { name: "Ledger movements" });
    await expect(ledger.getByText("Held from the member's available cashback")).toBeVisible();
    await expect(ledger.getByText("Captured (spent with you)")).toBeVisible();
  });

  test("and refunds part of it, with a reason and a confirmation", async ({ page }) => {
    await page.goto(`/dashboard/redemptions/${redemptionId}`);
    const refund = page.getByRole("form", { name: "Refund cashback" });
    await refund.getByRole("button", { name: "Refund…" }).click();
    await expect(refund.getByText("Say why")).toBeVisible();
    await refund.getByLabel(/Amount/).fill("1.00");
    await refund.getByLabel("Reason").fill("One croissant returned");
    await refund.getByRole("button", { name: "Refund…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "Refund €1.00?" })).toBeVisible();
    await dialog.getByRole("button", { name: "Refund", exact: true }).click();
    await expect(page.getByText(`Refunded on order ${orderId}.`)).toBeVisible();
    await expect(page.getByText("Partly refunded").first()).toBeVisible();
    const refunds = page.getByRole("region", { name: "Refunds" });
    await expect(refunds.getByText("One croissant returned")).toBeVisible();
    await expect(refunds.getByText("€1.00")).toBeVisible();
    await expect(page.getByRole("region", { name: "Ledger movements" }).getByText("Refunded to the member")).toBeVisible();
  });

  test("the payment's page has no serious accessibility violations", async ({ page }) => {
    // After a reload (the state is stored, and no toast is fading in while axe measures contrast).
    await page.goto(`/dashboard/redemptions/${redemptionId}`);
    await expect(page.getByText("Partly refunded").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("revoked, the key stops working at once", async ({ page, request }) => {
    await page.goto("/dashboard/integrations");
    await page.getByRole("button", { name: new RegExp(`^Revoke ${keyName}`) }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(page.getByRole("row").filter({ hasText: keyName }).getByText("Revoked")).toBeVisible();
    const refused = await request.get(`${api()}/redemptions/${redemptionId}`, { headers: auth() });
    expect(refused.status()).toBe(401);
  });
});

// One page a test: the three in one test ran 28 s beside a CPU hog, near the 30 s limit.
test.describe("the redemptions pages have no serious accessibility violations", () => {
  test("the list", async ({ page }) => {
    const response = await page.goto("/dashboard/redemptions");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Redemptions" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the list filtered to nothing", async ({ page }) => {
    await page.goto("/dashboard/redemptions?status=refunded&from=2020-01-01&to=2020-01-31&order=nothing-here");
    await expect(page.getByText(/No redemptions match|No cashback spent yet/)).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the overview with the redemption rate", async ({ page }) => {
    await page.goto("/dashboard");
    await expect(page.getByText("Redemption rate, 30 days")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
