import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { API, anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { aPayer, memberStatus, paidCheckout } from "@/tests/support/paid-memberships";
import { refusal } from "@/tests/support/refusal";
import { listRenewals, setMembershipRenewal } from "./renew-or-end";

const { fake, server } = withFakeStripe();

async function paidMember() {
  const { user, started, session, sub } = await paidCheckout(fake);
  expect((await deliver(anEvent("checkout.session.completed", { ...session }))).status).toBe(200);
  expect(await memberStatus(started.memberId)).toBe("ACTIVE");
  return { userId: user.userId, memberId: started.memberId, sub };
}

const updates = () => fake.requests.filter((r) => r.method === "POST" && r.path.startsWith("/v1/subscriptions/"));
const periodEndOf = (sub: Record<string, unknown>) => new Date((sub.items as { data: { current_period_end: number }[] }).data[0]!.current_period_end * 1000);

describe("a paid member's renewal", () => {
  it("shows when the membership renews", async () => {
    const { userId, memberId, sub } = await paidMember();
    expect(await listRenewals(userId)).toEqual([{ memberId, periodEnd: periodEndOf(sub), endsAtPeriodEnd: false }]);
  });

  it("cancels at the end of the period paid for: Stripe is told, the member stays active until then, and it can be resumed", async () => {
    const { userId, memberId, sub } = await paidMember();
    const ended = await setMembershipRenewal(userId, memberId, { renew: false });
    expect(ended).toEqual({ memberId, periodEnd: periodEndOf(sub), endsAtPeriodEnd: true });
    expect(updates()).toEqual([expect.objectContaining({ path: `/v1/subscriptions/${String(sub.id)}` })]);
    expect(sub.cancel_at_period_end).toBe(true);
    expect(sub.status).toBe("active");
    expect(await memberStatus(memberId)).toBe("ACTIVE");
    expect(await listRenewals(userId)).toEqual([{ memberId, periodEnd: periodEndOf(sub), endsAtPeriodEnd: true }]);

    // Cancelling again changes nothing.
    expect(await setMembershipRenewal(userId, memberId, { renew: false })).toEqual(ended);

    expect(await setMembershipRenewal(userId, memberId, { renew: true })).toEqual({ memberId, periodEnd: periodEndOf(sub), endsAtPeriodEnd: false });
    expect(sub.cancel_at_period_end).toBe(false);
  });

  it("refuses someone else's membership as if it did not exist, and asks Stripe nothing", async () => {
    const { memberId } = await paidMember();
    const stranger = await aPayer();
    const error = await refusal(setMembershipRenewal(stranger.userId, memberId, { renew: false }));
    expect(error.code).toBe("NOT_FOUND");
    expect(updates()).toEqual([]);
  });

  it("changes nothing when Stripe cannot be reached", async () => {
    const { userId, memberId } = await paidMember();
    server.use(http.post(`${API}/subscriptions/:id`, () => HttpResponse.json({ error: { type: "api_error", message: "down" } }, { status: 500 })));
    const error = await refusal(setMembershipRenewal(userId, memberId, { renew: false }));
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.message).toMatch(/nothing was changed/);
    expect((await db.membershipSubscription.findUniqueOrThrow({ where: { memberId } })).cancelAtPeriodEnd).toBe(false);
  });

  it("has nothing to cancel once the subscription has ended", async () => {
    const { userId, memberId, sub } = await paidMember();
    sub.status = "canceled";
    expect((await deliver(anEvent("customer.subscription.deleted", { ...sub }))).status).toBe(200);
    expect(await listRenewals(userId)).toEqual([]);
    expect((await refusal(setMembershipRenewal(userId, memberId, { renew: false }))).code).toBe("CONFLICT");
  });
});
