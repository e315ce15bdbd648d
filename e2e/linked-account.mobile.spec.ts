import { expect, test } from "@playwright/test";
import { authFile } from "./support";

// scripts/e2e-server.ts starts the local Plaid sandbox on the app's port + 10000.
const SANDBOX_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 10000}`;

test.use({ storageState: authFile("member") });

test("the demo member links a bank account and a card purchase at Café Aurora earns a pending reward", async ({ page, request }) => {
  await page.goto("/wallet/accounts");
  await expect(page.getByRole("heading", { name: "Linked accounts" })).toBeVisible();
  await page.getByRole("button", { name: "Link an account" }).first().click();

  const dialog = page.getByRole("dialog", { name: "Link a test bank" });
  await dialog.getByLabel("Houndstooth Bank").check();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog).toBeHidden();
  const account = page.getByTestId("linked-account").filter({ hasText: "Houndstooth Bank" });
  await expect(account).toBeVisible();
  await expect(account).toContainText("Plaid Checking ••0000");
  await expect(account.getByText("Tracking")).toBeVisible();
  const itemId = await account.getAttribute("data-item-id");
  expect(itemId).toBeTruthy();

  // The bank reports a card payment at the café; the sandbox fires SYNC_UPDATES_AVAILABLE, signed like Plaid.
  const fired = await request.post(`${SANDBOX_URL}/sandbox/boomerang/transactions/add`, {
    data: { item_id: itemId, amount: 18.4, merchant_name: "CAFE AURORA OLD TOWN", pending: true },
  });
  expect(fired.ok()).toBe(true);
  expect(await fired.json()).toMatchObject({ webhook_status: 200 });

  await page.reload();
  const purchase = page.getByTestId("tracked-purchase").filter({ hasText: "CAFE AURORA OLD TOWN" });
  await expect(purchase).toBeVisible();
  await expect(purchase).toContainText("€18.40");
  await expect(purchase.getByTestId("tracked-cashback")).toHaveText("+€0.92");
  await expect(purchase.getByText("Pending")).toBeVisible();

  // A webhook with a forged signature is refused.
  const forged = await request.post("/api/webhooks/plaid", {
    headers: { "plaid-verification": "eyJhbGciOiJub25lIn0.e30." },
    data: { webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: itemId },
  });
  expect(forged.status()).toBe(401);

  // The bank asks for a new login (an ITEM ERROR webhook): the account says so and offers to log in again.
  const reset = await request.post(`${SANDBOX_URL}/sandbox/boomerang/item/reset_login`, { data: { item_id: itemId } });
  expect(await reset.json()).toMatchObject({ webhook_status: 200 });
  await page.reload();
  await expect(account.getByText("Your bank asks you to log in again")).toBeVisible();
  // Meanwhile another purchase at the café happens; nothing can be read until the login.
  await request.post(`${SANDBOX_URL}/sandbox/boomerang/transactions/add`, { data: { item_id: itemId, amount: 7.2, merchant_name: "CAFE AURORA STATION", fire_webhook: false } });
  await account.getByRole("button", { name: "Log in again" }).click();
  const login = page.getByRole("dialog", { name: "Log in to Houndstooth Bank again" });
  await login.getByRole("button", { name: "Log in" }).click();
  await expect(login).toBeHidden();
  await expect(page.getByText("Houndstooth Bank reconnected")).toBeVisible();
  await expect(account.getByText("Tracking")).toBeVisible();
  // The catch-up sync read the purchase made while disconnected.
  await expect(page.getByTestId("tracked-purchase").filter({ hasText: "CAFE AURORA STATION" })).toBeVisible();

  // Unlinking asks first, then the account is gone.
  await account.getByRole("button", { name: /Unlink/ }).click();
  const confirm = page.getByRole("dialog", { name: /Unlink Houndstooth Bank/ });
  await confirm.getByRole("button", { name: "Unlink" }).click();
  await expect(page.getByTestId("linked-account").filter({ hasText: "Houndstooth Bank" })).toHaveCount(0);
});
