import { expect, test, type APIRequestContext, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { signUp, uniqueEmail } from "./support";
import { seriousViolations } from "./screens";

// A paid member sees when the membership renews and cancels it at the end of the period, without leaving
// the program. Stripe is the e2e server's local sandbox (as in paid-membership.mobile.spec.ts).
const JOIN = "/join/studio-pulse";

type SandboxState = { sessions: { id: string; subscription: string | null }[]; subscriptions: { id: string; status: string; cancel_at_period_end: boolean }[] };

async function shoot(page: Page, info: TestInfo, name: string) {
  const path = info.outputPath(`${name}-${info.project.name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(`${name} (${info.project.name})`, { path, contentType: "image/png" });
}

/** Signs a new person up and pays for Studio Pulse through the sandbox's Checkout; the sandbox's address and the subscription id. */
async function payForStudioPulse(page: Page, request: APIRequestContext) {
  await signUp(page, { email: uniqueEmail("renewal"), password: "renewal-password-1", name: "Rene Renewal", from: `/signup?callbackUrl=${encodeURIComponent(JOIN)}` });
  await expect(page).toHaveURL(new RegExp(`${JOIN}$`));
  await page.getByRole("button", { name: "Continue to payment" }).click();
  // Stripe's hosted Checkout (the sandbox's page).
  await expect(page.getByRole("button", { name: "Pay with test card" })).toBeVisible();
  const sandbox = new URL(page.url()).origin;
  await page.getByRole("button", { name: "Pay with test card" }).click();
  await expect(page.getByTestId("membership-status")).toHaveText(/Membership active/);
  const sessionId = new URL(page.url()).searchParams.get("session_id");
  const subscription = (await sandboxState(request, sandbox)).sessions.find((s) => s.id === sessionId)?.subscription ?? "";
  expect(subscription).toMatch(/^sub_/);
  return { sandbox, subscription };
}

async function sandboxState(request: APIRequestContext, sandbox: string) {
  return (await (await request.get(`${sandbox}/sandbox`)).json()) as SandboxState;
}

// Serial steps on one page: as one test it ran 33–37 s on the phone beside a CPU hog, past the 30 s limit.
test.describe.serial("a paid member sees the renewal date and cancels at the end of the period, staying a member until then", () => {
  let context: BrowserContext;
  let page: Page;
  let paid = { sandbox: "", subscription: "" };
  let date = "";
  const subscription = async (request: APIRequestContext) => (await sandboxState(request, paid.sandbox)).subscriptions.find((s) => s.id === paid.subscription);

  test.beforeAll(async ({ browser }, info) => {
    context = await browser.newContext(info.project.name === "desktop" ? { viewport: { width: 1440, height: 900 } } : { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test("a new member pays for Studio Pulse", async ({ request }) => {
    paid = await payForStudioPulse(page, request);
  });

  test("the profile shows the renewal date, and cancelling asks first", async ({}, info) => {
    await page.goto("/wallet/profile");
    const membership = page.getByTestId("membership").filter({ hasText: "Studio Pulse" });
    await expect(membership.getByTestId("renewal")).toHaveText(/^Renews on \d{1,2} \w{3,4} \d{4}$/);
    date = (await membership.getByTestId("renewal").textContent())?.replace("Renews on ", "") ?? "";

    await membership.getByRole("button", { name: "Cancel membership" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel your Studio Pulse membership?" });
    await expect(dialog).toContainText(`You stay a member until ${date}`);
    await shoot(page, info, "cancel-membership-dialog");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("cancelled, they stay a member until that day, and Stripe cancels at the period's end", async ({ request }, info) => {
    const membership = page.getByTestId("membership").filter({ hasText: "Studio Pulse" });
    await page.getByRole("dialog", { name: "Cancel your Studio Pulse membership?" }).getByRole("button", { name: "Cancel membership" }).click();
    await expect(membership.getByTestId("renewal")).toHaveText(`Ends on ${date}`);
    await expect(membership.getByText("Member", { exact: true })).toBeVisible();
    await expect(membership.getByRole("button", { name: "Keep membership" })).toBeVisible();
    expect(await subscription(request)).toMatchObject({ status: "active", cancel_at_period_end: true });
    await shoot(page, info, "profile-membership-ends");
  });

  test("changing their mind before that day keeps the membership", async ({ request }) => {
    const membership = page.getByTestId("membership").filter({ hasText: "Studio Pulse" });
    await membership.getByRole("button", { name: "Keep membership" }).click();
    await expect(membership.getByTestId("renewal")).toHaveText(`Renews on ${date}`);
    expect(await subscription(request)).toMatchObject({ status: "active", cancel_at_period_end: false });
  });
});
