import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { aProgram, uniqueId } from "@/tests/support/programs";
import { leaveProgram } from "@/lib/members/leave-program";
import { API, aSubscription, anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { deleteAccount } from "@/lib/users/delete-account";
import { getProfile } from "@/lib/users/get-profile";
import { startMembershipCheckout } from "./start-membership-checkout";
import { aPayer, memberStatus, paidCheckout, paidProgram, PAYER_PASSWORD } from "@/tests/support/paid-memberships";
import { refusal } from "@/tests/support/refusal";

const { fake, server } = withFakeStripe();

/** A member who paid on Checkout: Stripe has an active subscription and the webhook made them ACTIVE. */
async function paidMember() {
  const { user, started, session, sub } = await paidCheckout(fake);
  expect((await deliver(anEvent("checkout.session.completed", { ...session }))).status).toBe(200);
  expect(await memberStatus(started.memberId)).toBe("ACTIVE");
  return { userId: user.userId, memberId: started.memberId, sub };
}

const subscriptionStatus = async (memberId: string) => (await db.membershipSubscription.findUniqueOrThrow({ where: { memberId } })).status;
const cancels = () => fake.requests.filter((r) => r.method === "DELETE" && r.path.startsWith("/v1/subscriptions/"));


const stripeDown = () => server.use(http.delete(`${API}/subscriptions/:id`, () => HttpResponse.json({ error: { type: "api_error", message: "Stripe is having a bad day." } }, { status: 500 })));

describe("leaving a paid program", () => {
  it("cancels the subscription at Stripe first, so the member is never charged for a program they left", async () => {
    const { userId, memberId, sub } = await paidMember();
    expect((await getProfile(userId))?.memberships[0]).toMatchObject({ paid: true, paying: true });
    await leaveProgram(userId, memberId);

    expect(cancels()).toEqual([expect.objectContaining({ path: `/v1/subscriptions/${String(sub.id)}`, idempotencyKey: `boomerang-membership-cancel:${String(sub.id)}` })]);
    expect(await memberStatus(memberId)).toBe("LEFT");
    expect(await subscriptionStatus(memberId)).toBe("canceled");
    expect((await getProfile(userId))?.memberships[0]).toMatchObject({ status: "LEFT", paid: true, paying: false });

    // Stripe's own news of the cancellation arrives later: the member stays gone, not "suspended".
    expect((await deliver(anEvent("customer.subscription.deleted", { ...sub }))).status).toBe(200);
    expect(await memberStatus(memberId)).toBe("LEFT");
  });

  it("changes nothing when Stripe cannot be reached: still a member, still subscribed, told to try again", async () => {
    const { userId, memberId } = await paidMember();
    stripeDown();
    const error = await refusal(leaveProgram(userId, memberId));
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/nothing was changed/);
    expect(await memberStatus(memberId)).toBe("ACTIVE");
    expect(await subscriptionStatus(memberId)).toBe("active");
  });

  it("accepts a subscription Stripe had already cancelled on its own", async () => {
    const { userId, memberId, sub } = await paidMember();
    sub.status = "canceled";
    await leaveProgram(userId, memberId);
    expect(await memberStatus(memberId)).toBe("LEFT");
    expect(await subscriptionStatus(memberId)).toBe("canceled");
  });

  it("lets a member suspended for an unpaid renewal leave, which stops Stripe's retries", async () => {
    const { userId, memberId, sub } = await paidMember();
    sub.status = "past_due";
    expect((await deliver(anEvent("customer.subscription.updated", { ...sub }))).status).toBe(200);
    expect(await memberStatus(memberId)).toBe("SUSPENDED");
    await leaveProgram(userId, memberId);
    expect(cancels()).toHaveLength(1);
    expect(await memberStatus(memberId)).toBe("LEFT");
  });

  it("cancels at once a Checkout paid after the member left, so nobody pays for a membership they ended", async () => {
    const program = await paidProgram();
    const user = await aPayer();
    const started = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    if (started.status !== "checkout") throw new Error("expected a checkout");
    await leaveProgram(user.userId, started.memberId);
    expect(cancels()).toEqual([]); // nothing to cancel yet: the subscription does not exist

    // The Checkout tab was still open and the member paid anyway.
    const session = fake.sessions.get(started.sessionId)!;
    const sub = aSubscription(fake, { customer: String(session.customer), memberId: started.memberId, status: "active" });
    Object.assign(session, { status: "complete", payment_status: "paid", subscription: sub.id });
    expect((await deliver(anEvent("checkout.session.completed", { ...session }))).status).toBe(200);
    expect(cancels().map((r) => r.path)).toEqual([`/v1/subscriptions/${String(sub.id)}`]);
    expect(await memberStatus(started.memberId)).toBe("LEFT");
    expect(await subscriptionStatus(started.memberId)).toBe("canceled");
  });

  it("calls Stripe for nothing when the program is free (any request would fail this test)", async () => {
    const program = await aProgram({ currency: "EUR" });
    const user = await aPayer();
    const member = await db.member.create({ data: { userId: user.userId, programId: program.programId, code: `F${uniqueId().slice(0, 7).toUpperCase()}`, status: "ACTIVE" } });
    await leaveProgram(user.userId, member.id);
    expect(await memberStatus(member.id)).toBe("LEFT");
    expect(fake.requests).toEqual([]);
  });
});

describe("deleting the account of a paying member", () => {
  it("cancels every paid membership before erasing the account", async () => {
    const { userId, memberId, sub } = await paidMember();
    await deleteAccount(userId, { password: PAYER_PASSWORD });
    expect(cancels().map((r) => r.path)).toEqual([`/v1/subscriptions/${String(sub.id)}`]);
    expect(await memberStatus(memberId)).toBe("LEFT");
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).deletedAt).toBeInstanceOf(Date);
  });

  it("deletes nothing while Stripe cannot be reached", async () => {
    const { userId, memberId } = await paidMember();
    stripeDown();
    expect((await refusal(deleteAccount(userId, { password: PAYER_PASSWORD }))).code).toBe("UNAVAILABLE");
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).deletedAt).toBeNull();
    expect(await memberStatus(memberId)).toBe("ACTIVE");
  });
});
