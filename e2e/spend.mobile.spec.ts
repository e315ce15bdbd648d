import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { authFile } from "./support";
import { seriousViolations } from "./screens";

const phone = { viewport: { width: 390, height: 844 } };

// One story in serial steps, each well inside the timeout with both cores busy.
test.describe.serial("a cashier takes part of a sale from the member's cashback, and the member sees one spend in the history", () => {
  let code = "";

  test("the member shows the code on their card", async ({ browser }) => {
    const member = await browser.newContext({ storageState: authFile("member"), ...phone });
    const wallet = await member.newPage();
    await wallet.goto("/wallet");
    code = (await wallet.getByTestId("member-code").first().textContent())?.trim() ?? "";
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await member.close();
  });

  test("the cashier finds the member and sees what they can pay with", async ({ browser }) => {
    const cashier = await browser.newContext({ storageState: authFile("cashier"), ...phone });
    const register = await cashier.newPage();
    await register.goto("/register");
    expect(await seriousViolations(register)).toEqual([]);
    await register.getByLabel("Member code").fill(code);
    await register.getByRole("button", { name: "Find member" }).click();
    await expect(register.getByText(`Maya · ${code}`)).toBeVisible();
    // Once identified, the register shows what Maya can pay with.
    await expect(register.getByTestId("register-spendable")).toContainText(/Cashback to spend: €\d+\.\d{2}/);
    expect(await seriousViolations(register)).toEqual([]);

    await register.getByLabel(/Basket amount/).fill("20.00");
    await register.getByLabel(/Pay with cashback/).fill("5.00");
    await register.getByRole("button", { name: "Continue" }).click();
    const summary = register.getByTestId("register-summary");
    await expect(summary).toContainText("Basket€20.00");
    await expect(summary).toContainText("To pay€15.00");
    await expect(register.getByText("Take €5.00 from Maya's cashback and register a purchase of €15.00?")).toBeVisible();
    await register.getByRole("button", { name: "Confirm" }).click();

    const done = register.getByTestId("register-done");
    await expect(done.getByText("Maya paid €5.00 with cashback")).toBeVisible();
    await expect(done).toContainText("Collect €15.00");
    // 5% of the €15.00 actually paid.
    await expect(done.getByText(/Maya earns €0\.75$/)).toBeVisible();
    await cashier.close();
  });

  test("the member sees one spend in the history", async ({ browser }) => {
    const member = await browser.newContext({ storageState: authFile("member"), ...phone });
    const wallet = await member.newPage();
    await wallet.goto("/wallet/history");
    const spend = wallet.getByTestId("history-spend").first();
    await expect(spend).toContainText("Spent at Café Aurora");
    await expect(spend).toContainText("at the till");
    await expect(spend).toContainText(/[-−]€5\.00/);
    await member.close();
  });
});

// Serial steps on one page: as one test it took 27 s on the phone in CI.
test.describe.serial("a member makes a voucher, sees its code and QR, cancels it and has the money back", () => {
  let member: BrowserContext;
  let page: Page;
  let before = "";
  let codeText = "";
  test.beforeAll(async ({ browser }) => {
    member = await browser.newContext({ storageState: authFile("member"), ...phone });
    page = await member.newPage();
  });
  test.afterAll(async () => {
    await member.close();
  });

  test("Pay / Use refuses more than is available and makes a €1.00 voucher with its code and QR", async () => {
    await page.goto("/wallet");
    before = (await page.getByTestId("balance-available").first().textContent())?.trim() ?? "";

    await page.getByRole("link", { name: "Pay / Use" }).click();
    await expect(page).toHaveURL(/\/wallet\/vouchers\/new$/);
    await expect(page.getByRole("heading", { level: 1, name: "Use at checkout" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    // More than is available is refused on the screen.
    await page.getByLabel(/Amount/).fill("100000");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText(/You have €[\d,.]+ available in Café Aurora\./)).toBeVisible();
    await page.getByLabel(/Amount/).fill("1.00");
    await page.getByRole("button", { name: "Continue" }).click();
    const confirm = page.getByRole("dialog", { name: "Make this voucher?" });
    await expect(confirm).toContainText("€1.00");
    await confirm.getByRole("button", { name: "Make voucher" }).click();

    await expect(page).toHaveURL(/\/wallet\/vouchers\/[0-9a-f-]{36}$/);
    const voucherCode = page.getByTestId("voucher-code");
    await expect(voucherCode).toHaveText(/^BMR-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    codeText = (await voucherCode.textContent())?.trim() ?? "";
    await expect(page.getByTestId("voucher-qr").locator("svg")).toBeVisible();
    await expect(page.getByTestId("voucher-amount")).toHaveText("€1.00");
    await expect(page.getByText(/Valid until/)).toBeVisible();
  });

  test("the voucher page has no serious accessibility violations", async () => {
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the wallet shows it as reserved and the list of vouchers has it", async () => {
    await page.goto("/wallet");
    await expect(page.getByTestId("reserved").first()).toContainText(codeText);
    await page.goto("/wallet/vouchers");
    await expect(page.getByTestId("voucher").filter({ hasText: codeText })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("cancelling it puts the money back", async () => {
    await page.getByTestId("voucher").filter({ hasText: codeText }).getByRole("button", { name: `Cancel voucher ${codeText}` }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel this voucher?" });
    await cancel.getByRole("button", { name: "Cancel voucher" }).click();
    await expect(page.getByText("Voucher cancelled; the money is available again.")).toBeVisible();
    await expect(page.getByTestId("voucher").filter({ hasText: codeText })).toHaveCount(0);

    await page.goto("/wallet");
    await expect(page.getByTestId("balance-available").first()).toHaveText(before);
  });
});
