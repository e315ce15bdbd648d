import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { aMember, aProgram, uniqueId } from "@/tests/support/programs";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { aSubscription, anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { confirmMembershipCheckout } from "./confirm-membership-checkout";
import { startMembershipCheckout } from "./start-membership-checkout";
import { aPayer, memberStatus, paidCheckout, paidProgram } from "@/tests/support/paid-memberships";
import { refusal as domainRefusal } from "@/tests/support/refusal";

const refusal = async (promise: Promise<unknown>): Promise<string> => (await domainRefusal(promise)).code;

const { fake } = withFakeStripe();

describe("starting a paid membership", () => {
  it("creates a pending member and a subscription Checkout Session priced from the program", async () => {
    const program = await paidProgram();
    const user = await aPayer();
    const started = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    expect(started.status).toBe("checkout");
    if (started.status !== "checkout") return;
    expect(started.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(await memberStatus(started.memberId)).toBe("PENDING_PAYMENT");

    const customer = fake.requests.find((r) => r.path === "/v1/customers");
    expect(customer?.body).toMatchObject({ email: user.email, metadata: { memberId: started.memberId, programId: program.programId } });
    expect(customer?.idempotencyKey).toBe(`boomerang-member-customer:${started.memberId}`);
    const checkout = fake.requests.find((r) => r.path === "/v1/checkout/sessions");
    expect(checkout?.body).toMatchObject({
      mode: "subscription",
      customer: [...fake.customers.keys()][0],
      client_reference_id: started.memberId,
      line_items: [{ quantity: "1", price_data: { currency: "eur", unit_amount: "990", recurring: { interval: "month" } } }],
      subscription_data: { metadata: { memberId: started.memberId } },
      success_url: `https://boomerang.example/join/${program.slug}/return?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `https://boomerang.example/join/${program.slug}?checkout=canceled`,
    });
    const row = await db.membershipSubscription.findUniqueOrThrow({ where: { memberId: started.memberId } });
    expect(row.checkoutSessionId).toBe(started.sessionId);

    // Starting again reuses the member and the Stripe customer.
    const again = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    expect(again.memberId).toBe(started.memberId);
    expect(fake.requests.filter((r) => r.path === "/v1/customers")).toHaveLength(1);
  });

  it("refuses free, points and unpublished programs without calling Stripe", async () => {
    const user = await aPayer();
    const free = await paidProgram({ price: null });
    expect(await refusal(startMembershipCheckout(db, { userId: user.userId, programId: free.programId }))).toBe("VALIDATION");
    const points = await paidProgram();
    await db.program.update({ where: { id: points.programId }, data: { currency: "PTS" } });
    expect(await refusal(startMembershipCheckout(db, { userId: user.userId, programId: points.programId }))).toBe("VALIDATION");
    const hidden = await paidProgram();
    await db.program.update({ where: { id: hidden.programId }, data: { published: false } });
    expect(await refusal(startMembershipCheckout(db, { userId: user.userId, programId: hidden.programId }))).toBe("NOT_FOUND");
    expect(fake.requests).toHaveLength(0);
    expect(await db.member.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("tells an already paying member so instead of charging twice", async () => {
    const { program, user, sub } = await paidCheckout(fake);
    expect((await deliver(anEvent("customer.subscription.created", sub))).status).toBe(200);
    const again = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    expect(again.status).toBe("active");
  });
});

describe("subscription lifecycle through webhooks", () => {
  it("activates on checkout, suspends on a failed renewal (rewards rejected), resumes when paid, suspends on cancellation", async () => {
    const { program, started, session, sub } = await paidCheckout(fake);

    const completed = await deliver(anEvent("checkout.session.completed", { ...session }));
    expect(completed.status).toBe(200);
    expect(completed.json).toMatchObject({ status: "processed", type: "checkout.session.completed" });
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
    const row = await db.membershipSubscription.findUniqueOrThrow({ where: { memberId: started.memberId } });
    expect(row).toMatchObject({ stripeSubscriptionId: sub.id, status: "active" });
    expect(row.currentPeriodEnd).toBeInstanceOf(Date);

    sub.status = "past_due";
    expect((await deliver(anEvent("customer.subscription.updated", { ...sub }))).status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("SUSPENDED");

    const purchase = await recordPurchase(db, { programId: program.programId, source: "WEBHOOK", orderId: `o-${uniqueId()}`, origin: {}, amountMinor: 5_000n, currency: "EUR", customer: { memberId: started.memberId }, actor: { type: "SYSTEM" } });
    expect(purchase.status === "accepted" && purchase.reward?.status).toBe("REJECTED");
    const rejection = await db.rewardEvent.findFirstOrThrow({ where: { reward: { memberId: started.memberId }, toStatus: "REJECTED" } });
    expect(rejection.reason).toBe("membership suspended");

    sub.status = "active";
    const invoice = { id: "in_renewal", object: "invoice", status: "paid", parent: { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: {} } } };
    expect((await deliver(anEvent("invoice.paid", invoice))).status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");

    sub.status = "canceled";
    expect((await deliver(anEvent("customer.subscription.deleted", { ...sub }))).status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("SUSPENDED");
    expect((await db.membershipSubscription.findUniqueOrThrow({ where: { memberId: started.memberId } })).status).toBe("canceled");
  });

  it("trusts Stripe's current state over a stale event payload", async () => {
    const { started, sub } = await paidCheckout(fake);
    sub.status = "past_due";
    // The event says active, but it is old news: Stripe says past_due now.
    await deliver(anEvent("customer.subscription.updated", { ...sub, status: "active" }));
    expect(await memberStatus(started.memberId)).toBe("SUSPENDED");
  });

  it("rewards purchases made under the member's e-mail once the membership is paid, not before", async () => {
    const program = await paidProgram();
    const user = await aPayer();
    await recordPurchase(db, { programId: program.programId, source: "WEBHOOK", orderId: `early-${uniqueId()}`, origin: {}, amountMinor: 4_000n, currency: "EUR", customer: { email: user.email }, actor: { type: "SYSTEM" } });
    const started = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    expect(await db.reward.count({ where: { memberId: started.memberId } })).toBe(0);
    const session = fake.sessions.get(started.status === "checkout" ? started.sessionId : "")!;
    const sub = aSubscription(fake, { customer: String(session.customer), memberId: started.memberId, status: "active" });
    await deliver(anEvent("customer.subscription.created", sub));
    const rewards = await db.reward.findMany({ where: { memberId: started.memberId } });
    expect(rewards.map((r) => [r.status, r.amountMinor])).toEqual([["PENDING", 400n]]);
  });

  it("applies an event once: a replay of the same event id has no effect", async () => {
    const { started, sub } = await paidCheckout(fake);
    const event = anEvent("customer.subscription.updated", { ...sub });
    expect((await deliver(event)).json).toMatchObject({ status: "processed" });
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
    sub.status = "unpaid";
    const replay = await deliver(event);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ status: "duplicate" });
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(1);
  });

  it("ignores a subscription that is not a Boomerang membership", async () => {
    const sub = aSubscription(fake, { customer: "cus_other", memberId: "not-ours", status: "active" });
    const res = await deliver(anEvent("customer.subscription.created", sub));
    expect(res.status).toBe(200);
    // One Stripe no longer has (deleted test data): acknowledged, not retried forever.
    const gone = await deliver(anEvent("customer.subscription.updated", { ...sub, id: "sub_gone" }));
    expect(gone.status).toBe(200);
  });
});

describe("webhook signature", () => {
  it("refuses a wrong secret, a tampered body, a stale timestamp and a missing header with 400, never 500", async () => {
    const { started, sub } = await paidCheckout(fake);
    const event = anEvent("customer.subscription.updated", { ...sub });
    const before = await db.stripeEvent.count();
    const wrong = await deliver(event, { secret: "whsec_somebody_else" });
    const tampered = await deliver({ ...event, type: "customer.subscription.deleted" }, { signedPayload: JSON.stringify(event) });
    const stale = await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const missing = await deliver(event, { signature: null });
    const garbage = await deliver("not json at all", { signature: "t=1,v1=abc" });
    for (const res of [wrong, tampered, stale, missing, garbage]) {
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ status: 400 });
    }
    expect(wrong.json?.detail).toMatch(/signature/i);
    expect(await db.stripeEvent.count()).toBe(before);
    expect(await memberStatus(started.memberId)).toBe("PENDING_PAYMENT");
    // The same event, correctly signed, goes through.
    expect((await deliver(event)).json).toMatchObject({ status: "processed" });
  });

  it("refuses everything when no webhook secret is configured", async () => {
    const { started, sub } = await paidCheckout(fake);
    delete process.env.STRIPE_WEBHOOK_SECRET;
    const res = await deliver(anEvent("customer.subscription.created", sub));
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ status: 503 });
    expect(await memberStatus(started.memberId)).toBe("PENDING_PAYMENT");
  });

  it("acknowledges event types outside the allow-list without acting on them", async () => {
    const res = await deliver(anEvent("customer.created", { id: "cus_1", object: "customer" }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ignored" });
  });
});

describe("landing back from Checkout", () => {
  it("converges without waiting for the webhook, and only for the member who paid", async () => {
    const { started, user } = await paidCheckout(fake);
    // Someone else (a member of a free program): a paid program can only be joined through its checkout.
    const stranger = await aMember((await aProgram()).programId);
    expect(await refusal(confirmMembershipCheckout(db, { userId: stranger.userId, sessionId: started.status === "checkout" ? started.sessionId : "" }))).toBe("NOT_FOUND");
    const landed = await confirmMembershipCheckout(db, { userId: user.userId, sessionId: started.status === "checkout" ? started.sessionId : "" });
    expect(landed).toMatchObject({ status: "ACTIVE", checkout: "complete", memberId: started.memberId });
  });
});
