import { randomUUID } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { screenshots, seriousViolations } from "./screens";
import { cli, signIn, uniqueEmail, postOrderPaid } from "./support";

const PASSWORD = "delete-password-1";

/**
 * Deleting an account that still holds cashback (docs/money-rules.md, "Deleted accounts"): the profile offers
 * a final withdrawal, deletion needs a confirmation naming the amount, and what remains shows as the business's
 * unclaimed funds.
 */
// One story in serial steps, each well inside the timeout with both cores busy.
test.describe.serial("a member holding €4.21 deletes their account: offered a withdrawal, confirms the amount, and the business sees it unclaimed", () => {
  let context: BrowserContext;
  let page: Page;
  const id = randomUUID().slice(0, 8);
  const email = uniqueEmail("delete");
  const shopName = `Delete Shop ${id}`;
  const owner = `owner-${id}@delete.test`;

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
  });

  // One CLI call per step: each takes several seconds on a busy machine.
  let programId = "";
  let secret: unknown;
  test("a shop pays 10 % with no hold", async () => {
    const shop = cli("provider:create", "--name", shopName, "--slug", `delete-${id}`, "--owner-email", owner, "--owner-password", "owner-password-1", "--cashback-bps", "1000", "--hold-days", "0");
    programId = String(shop.programId);
  });

  test("its signing secret", async () => {
    ({ secret } = cli("program:secret", "--program", programId));
  });

  test("a member account", async () => {
    cli("member:create", "--email", email, "--password", PASSWORD);
  });

  test("joins the shop", async () => {
    cli("member:enroll", "--program", programId, "--email", email);
  });

  test("the member earns €4.21 available (10 % of €42.10, no hold)", async ({ baseURL }) => {
    const res = await postOrderPaid(String(baseURL), programId, String(secret), { orderId: `D-${id}`, amount: 4210, currency: "EUR", customer: { email } });
    expect(res.status).toBe(202);
  });

  test("the profile offers a final withdrawal", async () => {
    await signIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/wallet$/);
    await page.goto("/wallet/profile");
    const offer = page.getByTestId("final-withdrawal");
    await expect(offer).toContainText(`${shopName}: €4.21 available`);
    await expect(offer.getByRole("link", { name: "Withdraw my cashback" })).toHaveAttribute("href", "/wallet/withdraw");
  });

  // A step of its own: with the sign-in above it ran 33 s beside a CPU hog.
  test("deleting needs the amount confirmed", async ({}, testInfo) => {
    await page.getByRole("button", { name: "Delete my account…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete your account?" });
    await expect(dialog).toContainText("unclaimed funds");
    await dialog.getByLabel("Your password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Delete account" }).click();
    await expect(dialog.getByRole("alert")).toContainText("Confirm that you give up these balances");
    await dialog.getByRole("checkbox", { name: /I give up €4\.21 in Delete Shop/ }).check();
    await screenshots(page, testInfo, "delete-account-dialog", false);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("confirmed, the account is deleted and the member signed out", async () => {
    await page.getByRole("dialog", { name: "Delete your account?" }).getByRole("button", { name: "Delete account" }).click();
    await expect(page).not.toHaveURL(/\/wallet/, { timeout: 15_000 });
  });

  test("the business sees €4.21 of unclaimed funds on its Billing page", async () => {
    await context.clearCookies();
    await signIn(page, owner, "owner-password-1");
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto("/dashboard/billing");
    await expect(page.getByText("Unclaimed funds")).toBeVisible();
    await expect(page.getByText("€4.21").first()).toBeVisible();
  });
});
