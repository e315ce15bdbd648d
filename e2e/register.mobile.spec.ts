import { expect, test } from "@playwright/test";
import { authFile } from "./support";

test("a cashier registers a purchase by typing the member's code, and the member sees it pending", async ({ browser }) => {
  const member = await browser.newContext({ storageState: authFile("member"), viewport: { width: 390, height: 844 } });
  const wallet = await member.newPage();
  await wallet.goto("/wallet");
  const code = (await wallet.getByTestId("member-code").first().textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const pendingBefore = await wallet.getByTestId("balance-pending").first().textContent();

  const cashier = await browser.newContext({ storageState: authFile("cashier"), viewport: { width: 390, height: 844 } });
  const register = await cashier.newPage();
  await register.goto("/register");
  await register.getByLabel("Member code").fill(code.toLowerCase().replace("-", " "));
  await register.getByRole("button", { name: "Find member" }).click();
  await expect(register.getByText(`Maya · ${code}`)).toBeVisible();
  await register.getByLabel(/Basket amount/).fill("12.50");
  await register.getByRole("button", { name: "Continue" }).click();
  await expect(register.getByText("Register a purchase of €12.50 for Maya?")).toBeVisible();
  await register.getByRole("button", { name: "Confirm" }).click();
  // 5% of €12.50, rounded down: the member never gets a fraction of a cent.
  await expect(register.getByText("Maya earns €0.62")).toBeVisible();

  await wallet.reload();
  await expect(wallet.getByTestId("balance-pending").first()).not.toHaveText(pendingBefore ?? "");
  await member.close();
  await cashier.close();
});
