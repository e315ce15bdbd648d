import { expect, test, type Page } from "@playwright/test";
import { authFile, signUp, uniqueEmail } from "./support";

// The demo's paid program (scripts/seed.ts): €9.90 a month through Stripe — the local sandbox in this suite.
const JOIN = "/join/studio-pulse";

async function newMemberAt(page: Page, prefix: string) {
  await signUp(page, { email: uniqueEmail(prefix), password: "paying-password-1", name: "Pat Payer", from: `/signup?callbackUrl=${encodeURIComponent(JOIN)}` });
  await expect(page).toHaveURL(new RegExp(`${JOIN}$`));
  await expect(page.getByTestId("membership-price")).toHaveText(/€9\.90\s*\/ month/);
}

test("a new member pays for a membership on Stripe Checkout and lands back active; a failed renewal suspends it", async ({ page, request }) => {
  await newMemberAt(page, "payer");
  await page.getByRole("button", { name: "Continue to payment" }).click();

  // Stripe's hosted Checkout (the sandbox's page).
  await expect(page.getByRole("button", { name: "Pay with test card" })).toBeVisible();
  await expect(page.getByTestId("checkout-amount")).toHaveText("€9.90");
  const sandbox = new URL(page.url()).origin;
  await page.getByRole("button", { name: "Pay with test card" }).click();

  await expect(page).toHaveURL(/\/join\/studio-pulse\/return\?session_id=cs_/);
  await expect(page.getByTestId("membership-status")).toHaveText(/Membership active/);
  await expect(page.getByTestId("member-code")).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const sessionId = new URL(page.url()).searchParams.get("session_id");

  await page.getByRole("link", { name: "Open my wallet" }).click();
  await expect(page.getByText("Studio Pulse")).toBeVisible();

  // Stripe fails the renewal: the signed webhooks reach the app and the membership is suspended.
  const state = (await (await request.get(`${sandbox}/sandbox`)).json()) as { sessions: { id: string; subscription: string | null }[] };
  const subscription = state.sessions.find((s) => s.id === sessionId)?.subscription;
  expect(subscription).toMatch(/^sub_/);
  expect((await request.post(`${sandbox}/sandbox/subscriptions/${subscription}/fail-renewal`)).ok()).toBe(true);
  await expect(async () => {
    await page.goto(JOIN);
    await expect(page.getByText("Your membership is suspended")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Pay and resume" })).toBeVisible();
});

test("declining on Checkout charges nothing and comes back to the offer", async ({ page }) => {
  await newMemberAt(page, "decliner");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page).toHaveURL(/\/join\/studio-pulse\?checkout=canceled$/);
  await expect(page.getByText("Payment not completed")).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue to payment" })).toBeVisible();
});

test.describe("owner", () => {
  test.use({ storageState: authFile("owner") });
  test("sees the Billing page with the commission terms, invoices and records on a phone", async ({ page }) => {
    await page.goto("/dashboard/billing");
    await expect(page.getByRole("heading", { name: "Billing", level: 1 })).toBeVisible();
    await expect(page.getByText(/No setup fee/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Invoices" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Billing records" })).toBeVisible();
  });
});
