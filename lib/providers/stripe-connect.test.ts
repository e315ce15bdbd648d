import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { aProgram } from "@/tests/support/programs";
import { anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { getConnectStatus, refreshConnectStatus, startConnectOnboarding } from "./stripe-connect";

const { fake } = withFakeStripe();

/** The owner on Stripe's hosted onboarding page (the sandbox's), pressing a button; returns where it sends them. */
async function onHostedPage(url: string, button: "complete" | "later") {
  const linkId = url.split("/").pop()!;
  const page = await fake.handle(new Request(`https://sandbox.test/connect/${linkId}`));
  expect(await page.text()).toContain("Complete onboarding");
  const res = await fake.handle(new Request(`https://sandbox.test/connect/${linkId}/${button}`, { method: "POST" }));
  expect(res.status).toBe(303);
  return res.headers.get("location");
}

describe("Connect onboarding", () => {
  it("creates one Express account per business, hands out a fresh link each time, and follows account.updated", async () => {
    const { providerId } = await aProgram();
    expect(await getConnectStatus(db, providerId)).toMatchObject({ state: "not_connected", accountId: null });

    const first = await startConnectOnboarding(db, providerId);
    const second = await startConnectOnboarding(db, providerId);
    expect(second.accountId).toBe(first.accountId);
    const creates = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/accounts");
    expect(creates).toHaveLength(1);
    expect(creates[0]!.body).toMatchObject({ type: "express", capabilities: { card_payments: { requested: "true" }, transfers: { requested: "true" } }, metadata: { providerId } });
    expect(creates[0]!.idempotencyKey).toBe(`boomerang-connect-account:${providerId}`);
    const links = fake.requests.filter((r) => r.path === "/v1/account_links");
    expect(links).toHaveLength(2);
    expect(links[0]!.body).toMatchObject({
      account: first.accountId,
      type: "account_onboarding",
      return_url: "https://boomerang.example/dashboard/settings?stripe=return#payments",
      refresh_url: "https://boomerang.example/dashboard/settings?stripe=refresh#payments",
    });
    expect(await getConnectStatus(db, providerId)).toMatchObject({ state: "onboarding_incomplete", accountId: first.accountId, chargesEnabled: false });

    // Finishing later leaves it incomplete; a used link sends the owner to refresh_url for a new one.
    expect(await onHostedPage(first.url, "later")).toBe("https://boomerang.example/dashboard/settings?stripe=return#payments");
    expect((await fake.handle(new Request(`https://sandbox.test/connect/${first.url.split("/").pop()}`))).headers.get("location")).toMatch(/stripe=refresh/);

    expect(await onHostedPage(second.url, "complete")).toMatch(/stripe=return/);
    // Stripe now says charges are enabled; our copy changes when account.updated arrives (re-read from Stripe).
    expect((await getConnectStatus(db, providerId)).state).toBe("onboarding_incomplete");
    const account = fake.accounts.get(first.accountId)!;
    const res = await deliver({ ...anEvent("account.updated", { ...account, charges_enabled: false }), account: first.accountId });
    expect(res.json).toMatchObject({ status: "processed" });
    expect(await getConnectStatus(db, providerId)).toEqual({ state: "can_accept_charges", accountId: first.accountId, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true });
  });

  it("converges when the owner is back from onboarding, without waiting for the webhook", async () => {
    const { providerId } = await aProgram();
    const { url } = await startConnectOnboarding(db, providerId);
    await onHostedPage(url, "complete");
    expect((await refreshConnectStatus(db, providerId)).state).toBe("can_accept_charges");
  });

  it("ignores account.updated for an account that is no business's (a member's payout account)", async () => {
    const res = await deliver(anEvent("account.updated", { id: "acct_someone_else", object: "account" }));
    expect(res.json).toMatchObject({ status: "processed" });
    expect(fake.requests.filter((r) => r.path.startsWith("/v1/accounts/"))).toHaveLength(0);
  });
});
