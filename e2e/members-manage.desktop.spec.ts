import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { screenshots, seriousViolations } from "./screens";
import { authFile, cli, uniqueEmail } from "./support";

/**
 * The owner manages one member of Café Aurora from the member's page: a goodwill credit (confirmed in a dialog
 * before any money moves), then a block from earning — after which a signed shop order earns nothing, saying why.
 * A fresh member, so no other spec's balances change.
 */
test.describe.serial("the owner gives a member goodwill and blocks them from earning", () => {
  test.use({ storageState: authFile("owner") });
  const email = uniqueEmail("goodwill");
  let memberUrl = "";

  test("a new account is created", () => {
    expect(cli("member:create", "--email", email, "--password", "a-long-password-for-e2e", "--name", "Gita Goodwill")).toMatchObject({ email });
  });

  test("and joins Café Aurora", () => {
    expect(cli("member:enroll", "--program", "cafe-aurora", "--email", email)).toMatchObject({ memberId: expect.any(String) });
  });

  test("the owner finds the member", async ({ page }) => {
    await page.goto(`/dashboard/members?q=${encodeURIComponent(email)}`);
    await page.getByRole("link", { name: "Gita Goodwill" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Gita Goodwill" })).toBeVisible();
    memberUrl = new URL(page.url()).pathname;
  });

  test("the member's page has no serious accessibility violations", async ({ page }) => {
    await page.goto(memberUrl);
    await expect(page.getByRole("button", { name: "Give goodwill credit" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the owner credits €5.00 of goodwill after confirming it", async ({ page }, testInfo) => {
    await page.goto(memberUrl);
    await page.getByLabel("Amount").fill("5.00");
    await page.getByLabel(/Reason/).first().fill("Sorry about the cold coffee");
    await page.getByRole("button", { name: "Give goodwill credit" }).click();
    const dialog = page.getByRole("dialog", { name: "Credit €5.00 to Gita Goodwill?" });
    await expect(dialog).toBeVisible();
    await screenshots(page, testInfo, "member-goodwill-confirm", false);
    await dialog.getByRole("button", { name: "Credit" }).click();
    await expect(page.getByText("Goodwill credited to Gita Goodwill.")).toBeVisible();
    await expect(page.getByText("Available now: €5.00")).toBeVisible();
  });

  test("the owner blocks the member from earning, with a reason; the page says Blocked", async ({ page }) => {
    await page.goto(memberUrl);
    await page.getByRole("button", { name: "Block from earning" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Reason/).fill("Shared their card code online");
    await dialog.getByRole("button", { name: "Block from earning" }).click();
    await expect(page.getByText("Gita Goodwill is blocked from earning.")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Blocked from earning" })).toContainText("Shared their card code online");
  });

  test("the blocked member's page has no serious accessibility violations", async ({ page }) => {
    await page.goto(memberUrl);
    await expect(page.getByRole("button", { name: "Unblock" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the blocked member's page at a phone's and a desktop's size", async ({ page }, testInfo) => {
    await page.goto(memberUrl);
    await expect(page.getByRole("button", { name: "Unblock" })).toBeVisible();
    await screenshots(page, testInfo, "member-blocked", false);
  });

  test("the members list says Blocked", async ({ page }) => {
    await page.goto(`/dashboard/members?q=${encodeURIComponent(email)}`);
    await expect(page.getByRole("row", { name: /Gita Goodwill/ }).getByText("Blocked")).toBeVisible();
  });

  test("a signed shop order for the blocked member is accepted and earns nothing, saying why", async ({ page, request }) => {
    const { programId, secret } = cli("program:secret", "--program", "cafe-aurora");
    const orderId = `blocked-${Date.now().toString(36)}`;
    const body = JSON.stringify({ type: "order.paid", data: { orderId, amount: 4210, currency: "EUR", customer: { email } } });
    const id = `msg_${orderId}`;
    const now = new Date();
    const answer = await request.post(`/api/v1/programs/${String(programId)}/events`, {
      headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(String(secret)).sign(id, now, body) },
      data: body,
    });
    expect(answer.status()).toBe(202);
    await page.goto(memberUrl);
    await expect(page.getByText("No cashback: earning blocked by the business")).toBeVisible();
    await expect(page.getByText("Available now: €5.00")).toBeVisible();
  });
});
