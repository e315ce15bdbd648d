import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { authFile, signUp, uniqueEmail } from "./support";

// The demo's paid program (scripts/seed.ts): €9.90 a month through Stripe — the local sandbox in this suite.
const JOIN = "/join/studio-pulse";

async function newMemberAt(page: Page, prefix: string) {
  await signUp(page, { email: uniqueEmail(prefix), password: "paying-password-1", name: "Pat Payer", from: `/signup?callbackUrl=${encodeURIComponent(JOIN)}` });
  await expect(page).toHaveURL(new RegExp(`${JOIN}$`));
  await expect(page.getByTestId("membership-price")).toHaveText(/€9\.90\s*\/ month/);
}

type SandboxState = { sessions: { id: string; subscription: string | null }[]; subscriptions: { id: string; status: string }[] };

/** Pays on the sandbox's Checkout page; back on the return page, the member is active. Returns the subscription. */
async function pay(page: Page, request: APIRequestContext) {
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
  const state = (await (await request.get(`${sandbox}/sandbox`)).json()) as SandboxState;
  const subscription = state.sessions.find((s) => s.id === sessionId)?.subscription;
  expect(subscription).toMatch(/^sub_/);
  const subscriptionStatus = async () => ((await (await request.get(`${sandbox}/sandbox`)).json()) as SandboxState).subscriptions.find((s) => s.id === subscription)?.status;
  return { sandbox, subscription: subscription!, subscriptionStatus };
}

// One story in serial steps, each well inside the timeout with both cores busy.
test.describe.serial("a new member pays for a membership on Stripe Checkout and lands back active; a failed renewal suspends it", () => {
  let session: Awaited<ReturnType<BrowserContext["storageState"]>>;
  let sandbox = "";
  let subscription = "";

  test("a new member pays on Checkout and lands back active", async ({ page, request }) => {
    await newMemberAt(page, "payer");
    ({ sandbox, subscription } = await pay(page, request));
    session = await page.context().storageState();
  });

  test("the wallet has the program", async ({ browser }) => {
    const context = await browser.newContext({ storageState: session });
    const page = await context.newPage();
    await page.goto("/wallet");
    await expect(page.getByText("Studio Pulse").first()).toBeVisible();
    await context.close();
  });

  test("Stripe fails the renewal: the signed webhooks reach the app and the membership is suspended", async ({ browser, request }) => {
    const context = await browser.newContext({ storageState: session });
    const page = await context.newPage();
    expect((await request.post(`${sandbox}/sandbox/subscriptions/${subscription}/fail-renewal`)).ok()).toBe(true);
    await expect(async () => {
      await page.goto(JOIN);
      await expect(page.getByText("Your membership is suspended")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("button", { name: "Pay and resume" })).toBeVisible();
    await context.close();
  });
});

test("a paying member who leaves is told the payments stop, and Stripe cancels the subscription", async ({ page, request }) => {
  await newMemberAt(page, "leaver");
  const { subscriptionStatus } = await pay(page, request);
  expect(await subscriptionStatus()).toBe("active");

  await page.goto("/wallet/profile");
  const membership = page.getByTestId("membership").filter({ hasText: "Studio Pulse" });
  await membership.getByRole("button", { name: "Leave program" }).click();
  const dialog = page.getByRole("dialog", { name: "Leave Studio Pulse?" });
  await expect(dialog.getByText("Your paid membership is cancelled now")).toBeVisible();
  await dialog.getByRole("button", { name: "Leave program" }).click();
  await expect(page.getByText("You left Studio Pulse")).toBeVisible();
  await expect(membership.getByText("Left")).toBeVisible();
  expect(await subscriptionStatus()).toBe("canceled");
  // Coming back means paying again, on the program's join page.
  await expect(membership.getByRole("link", { name: "Join again" })).toHaveAttribute("href", JOIN);
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
