import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { signUp, uniqueEmail } from "./support";

// A paid member sees when the membership renews and cancels it at the end of the period, without leaving
// the program. Stripe is the e2e server's local sandbox (as in paid-membership.mobile.spec.ts).
const JOIN = "/join/studio-pulse";

type SandboxState = { sessions: { id: string; subscription: string | null }[]; subscriptions: { id: string; status: string; cancel_at_period_end: boolean }[] };

async function shoot(page: Page, info: TestInfo, name: string) {
  const path = info.outputPath(`${name}-${info.project.name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(`${name} (${info.project.name})`, { path, contentType: "image/png" });
}

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
  const state = async () => (await (await request.get(`${sandbox}/sandbox`)).json()) as SandboxState;
  const subscription = (await state()).sessions.find((s) => s.id === sessionId)?.subscription;
  expect(subscription).toMatch(/^sub_/);
  return async () => (await state()).subscriptions.find((s) => s.id === subscription);
}

test("a paid member sees the renewal date and cancels at the end of the period, staying a member until then", async ({ page, request }, info) => {
  if (info.project.name === "desktop") await page.setViewportSize({ width: 1440, height: 900 });
  const subscription = await payForStudioPulse(page, request);

  await page.goto("/wallet/profile");
  const membership = page.getByTestId("membership").filter({ hasText: "Studio Pulse" });
  await expect(membership.getByTestId("renewal")).toHaveText(/^Renews on \d{1,2} \w{3,4} \d{4}$/);
  const date = (await membership.getByTestId("renewal").textContent())?.replace("Renews on ", "") ?? "";

  await membership.getByRole("button", { name: "Cancel membership" }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel your Studio Pulse membership?" });
  await expect(dialog).toContainText(`You stay a member until ${date}`);
  await shoot(page, info, "cancel-membership-dialog");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await dialog.getByRole("button", { name: "Cancel membership" }).click();

  await expect(membership.getByTestId("renewal")).toHaveText(`Ends on ${date}`);
  await expect(membership.getByText("Member", { exact: true })).toBeVisible();
  await expect(membership.getByRole("button", { name: "Keep membership" })).toBeVisible();
  expect(await subscription()).toMatchObject({ status: "active", cancel_at_period_end: true });
  await shoot(page, info, "profile-membership-ends");

  // Changing one's mind before that day.
  await membership.getByRole("button", { name: "Keep membership" }).click();
  await expect(membership.getByTestId("renewal")).toHaveText(`Renews on ${date}`);
  expect(await subscription()).toMatchObject({ status: "active", cancel_at_period_end: false });
});
