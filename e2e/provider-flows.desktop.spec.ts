import { expect, test, type Browser, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { authFile } from "./support";

/**
 * Flows across the provider dashboard that involve two businesses: Café Aurora (automatic mode) and Bloom Books
 * (manual mode), both from the demo data.
 */

async function asOwner(browser: Browser, role: "owner" | "bloom"): Promise<Page> {
  const context = await browser.newContext({ storageState: authFile(role) });
  return context.newPage();
}

/** The body a server action sends when a reviewer approves the first order waiting for review; the call is aborted. */
async function captureApprovePayload(page: Page): Promise<string> {
  await page.goto("/dashboard/orders?status=pending-review");
  await page.getByRole("button", { name: "Review" }).first().click();
  const captured = new Promise<string>((resolve) => {
    void page.route("**/dashboard/orders**", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      resolve(route.request().postData() ?? "");
      await route.abort();
    });
  });
  await page.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();
  const body = await captured;
  await page.unroute("**/dashboard/orders**");
  return body;
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

test("a signed webhook order waits in the manual-mode queue and is approved by the owner", async ({ browser, request }) => {
  const page = await asOwner(browser, "bloom");
  await page.goto("/dashboard/integrations");
  const programId = ((await page.getByLabel("Program id").textContent()) ?? "").trim();
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = ((await page.getByLabel("Signing secret").textContent()) ?? "").trim();
  expect(secret).toMatch(/^whsec_/);

  const orderId = `e2e-${Date.now().toString(36)}`;
  const body = JSON.stringify({ type: "order.paid", data: { orderId, amount: 4210, currency: "EUR", customer: { email: "leo@example.test" } } });
  const id = `msg_${orderId}`;
  const timestamp = new Date();
  const signature = new Webhook(secret).sign(id, timestamp, body);
  const answer = await request.post(`/api/v1/programs/${programId}/events`, {
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)), "webhook-signature": signature },
    data: body,
  });
  expect(answer.status()).toBe(202);

  await page.goto("/dashboard/orders?status=pending-review");
  const row = page.getByRole("row").filter({ hasText: orderId });
  await expect(row.getByText("Pending review")).toBeVisible();
  await row.getByRole("button", { name: "Review" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByText(`Order ${orderId}: reward approved.`)).toBeVisible();
  await page.goto(`/dashboard/orders?q=${orderId}`);
  // 3% of €42.10 = €1.26, now in its 7-day hold period.
  await expect(page.getByRole("row").filter({ hasText: orderId }).getByText("Pending", { exact: true })).toBeVisible();
  await page.context().close();
});

test.describe("one business cannot reach another's data", () => {
  test("by changing ids in the address bar", async ({ browser }) => {
    const bloom = await asOwner(browser, "bloom");
    await bloom.goto("/dashboard/members");
    const href = await bloom.getByRole("link", { name: /Leo/ }).first().getAttribute("href");
    expect(href).toMatch(/^\/dashboard\/members\/[0-9a-f-]{36}$/);
    await bloom.goto(href ?? "");
    await expect(bloom.getByText("leo@example.test")).toBeVisible();
    await bloom.context().close();

    const aurora = await asOwner(browser, "owner");
    await aurora.goto(href ?? "");
    await expect(aurora.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
    await expect(aurora.getByText("leo@example.test")).toHaveCount(0);
    await aurora.context().close();
  });
});

// In serial steps, each well inside the timeout with both cores busy: every step is a few page loads.
test.describe.serial("one business cannot reach another's data by changing ids in a server action's payload", () => {
  let bloomProviderId = "";
  let bloomRewardId = "";
  let auroraProviderId = "";
  let auroraRewardId = "";

  test("Bloom's approve payload names Bloom and its reward", async ({ browser }) => {
    const bloom = await asOwner(browser, "bloom");
    [bloomProviderId = "", bloomRewardId = ""] = (await captureApprovePayload(bloom)).match(UUIDS) ?? [];
    expect(bloomProviderId && bloomRewardId).toBeTruthy();
    await bloom.context().close();
  });

  test("Aurora's names Aurora", async ({ browser }) => {
    const aurora = await asOwner(browser, "owner");
    [auroraProviderId = "", auroraRewardId = ""] = (await captureApprovePayload(aurora)).match(UUIDS) ?? [];
    expect(auroraProviderId).not.toBe(bloomProviderId);
    await aurora.context().close();
  });

  // Aurora's owner approves, with the request rewritten to name Bloom's reward, then Bloom's business.
  for (const which of ["reward", "business"] as const) {
    test(`Aurora's owner approving with Bloom's ${which} in the payload is told it does not exist`, async ({ browser }) => {
      const [from, to] = which === "reward" ? [auroraRewardId, bloomRewardId] : [auroraProviderId, bloomProviderId];
      const aurora = await asOwner(browser, "owner");
      await aurora.goto("/dashboard/orders?status=pending-review");
      await aurora.route("**/dashboard/orders**", (route) =>
        route.request().method() === "POST" ? route.continue({ postData: (route.request().postData() ?? "").replaceAll(from, to) }) : route.continue(),
      );
      await aurora.getByRole("button", { name: "Review" }).first().click();
      await aurora.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();
      await expect(aurora.getByRole("dialog").getByText(/does not exist|not part of it/)).toBeVisible();
      await aurora.context().close();
    });
  }

  test("Bloom's order is still waiting for Bloom's decision", async ({ browser }) => {
    const bloom = await asOwner(browser, "bloom");
    await bloom.goto("/dashboard/orders?status=pending-review");
    await expect(bloom.getByRole("button", { name: "Review" }).first()).toBeVisible();
    const after = await captureApprovePayload(bloom);
    expect(after).toContain(bloomRewardId || "missing");
    await bloom.context().close();
  });
});
