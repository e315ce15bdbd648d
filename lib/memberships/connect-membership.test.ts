import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { stripe } from "@/lib/stripe/client";
import { aPayer, memberStatus, paidProgram } from "@/tests/support/paid-memberships";
import { refusal } from "@/tests/support/refusal";
import { anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { getMembershipRevenue } from "./get-membership-revenue";
import { refundMembershipPayment } from "./refund-membership-payment";
import { startMembershipCheckout } from "./start-membership-checkout";

const { fake } = withFakeStripe();
afterEach(() => {
  delete process.env.PLATFORM_MEMBERSHIP_FEE_BPS;
});

/** The member pays on the (sandbox's) hosted Checkout page; then Stripe's events are delivered, in order. */
async function pay(sessionId: string) {
  const before = fake.invoices.size;
  const res = await fake.handle(new Request(`https://sandbox.test/checkout/${sessionId}/pay`, { method: "POST" }));
  expect(res.status).toBe(303);
  const session = fake.sessions.get(sessionId)!;
  expect(fake.invoices.size).toBe(before + 1);
  expect((await deliver(anEvent("checkout.session.completed", session))).json).toMatchObject({ status: "processed" });
  const invoice = fake.invoices.get(String(session.invoice))!;
  expect((await deliver(anEvent("invoice.paid", invoice))).json).toMatchObject({ status: "processed" });
  return { subscriptionId: String(session.subscription), invoice };
}

/** Stripe renews the subscription (the sandbox's test control) and the invoice.paid event arrives. */
async function renew(subscriptionId: string) {
  const res = await fake.handle(new Request(`https://sandbox.test/sandbox/subscriptions/${subscriptionId}/renew`, { method: "POST" }));
  expect(res.status).toBe(200);
  const invoice = fake.invoices.get(String(fake.subscriptions.get(subscriptionId)!.latest_invoice))!;
  const event = anEvent("invoice.paid", invoice);
  expect((await deliver(event)).json).toMatchObject({ status: "processed" });
  return event;
}

describe("membership fees reach the business", () => {
  it("refuses a checkout while the business's Stripe account cannot accept charges, and calls Stripe for nothing", async () => {
    const program = await paidProgram();
    await db.providerConnectAccount.update({ where: { providerId: program.providerId }, data: { chargesEnabled: false } });
    const user = await aPayer();
    const refused = await refusal(startMembershipCheckout(db, { userId: user.userId, programId: program.programId }));
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/has not finished setting up its payments/) });
    expect(fake.requests).toHaveLength(0);
  });

  it("charges the subscription to the business's account with the platform's fee (PLATFORM_MEMBERSHIP_FEE_BPS)", async () => {
    process.env.PLATFORM_MEMBERSHIP_FEE_BPS = "250";
    const program = await paidProgram();
    const account = await db.providerConnectAccount.findUniqueOrThrow({ where: { providerId: program.providerId } });
    const user = await aPayer();
    const started = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    if (started.status !== "checkout") throw new Error("expected a checkout");
    const checkout = fake.requests.find((r) => r.path === "/v1/checkout/sessions");
    expect(checkout?.body).toMatchObject({ subscription_data: { transfer_data: { destination: account.stripeAccountId }, application_fee_percent: "2.5" } });

    const { subscriptionId } = await pay(started.sessionId);
    expect(fake.subscriptions.get(subscriptionId)).toMatchObject({ transfer_data: { destination: account.stripeAccountId }, application_fee_percent: 2.5 });
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
    expect(await db.membershipSubscription.findUniqueOrThrow({ where: { memberId: started.memberId } })).toMatchObject({ destinationAccountId: account.stripeAccountId });
    // 2.5 % of €9.90 is 24.75 cents: Stripe rounds the fee down to 24, and transfers the other 966.
    expect(await db.membershipPayment.findFirstOrThrow({ where: { memberId: started.memberId } })).toMatchObject({ grossMinor: 990n, applicationFeeMinor: 24n, transferredMinor: 966n, destinationAccountId: account.stripeAccountId, currency: "EUR" });
  });

  it("records each paid invoice once and sums them per month and currency; a refund reverses the transfer and the fee", async () => {
    const program = await paidProgram();
    const user = await aPayer();
    const started = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    if (started.status !== "checkout") throw new Error("expected a checkout");
    const { subscriptionId } = await pay(started.sessionId);
    const renewal = await renew(subscriptionId);
    // The same event again (a retry), and the invoice's other events: nothing more is recorded.
    expect((await deliver(renewal)).json).toMatchObject({ status: "duplicate" });
    expect(await db.membershipPayment.count({ where: { providerId: program.providerId } })).toBe(2);

    const revenue = await getMembershipRevenue(db, program.providerId);
    expect(revenue).toEqual([
      expect.objectContaining({ currency: "EUR", payments: 2, grossMinor: 1980n, platformFeeMinor: 198n, transferredMinor: 1782n, refundedMinor: 0n, heldByPlatformMinor: 0n }),
    ]);

    // A full refund of one payment: the business gives back its 891, the platform its 99 fee.
    const payment = await db.membershipPayment.findFirstOrThrow({ where: { stripeInvoiceId: renewal.data.object.id as string } });
    const refunded = await refundMembershipPayment(db, { providerId: program.providerId, paymentId: payment.id });
    expect(refunded).toMatchObject({ refundedMinor: 990n, feeRefundedMinor: 99n, transferReversedMinor: 891n });
    const refund = fake.requests.find((r) => r.path === "/v1/refunds");
    expect(refund?.body).toMatchObject({ charge: payment.stripeChargeId, amount: "990", reverse_transfer: "true", refund_application_fee: "true" });
    // charge.refunded converges on the same numbers.
    expect((await deliver(anEvent("charge.refunded", fake.charges.get(payment.stripeChargeId!)!))).json).toMatchObject({ status: "processed" });
    expect(await getMembershipRevenue(db, program.providerId)).toEqual([expect.objectContaining({ grossMinor: 1980n, platformFeeMinor: 99n, transferredMinor: 891n, refundedMinor: 990n })]);
    // Another business's payment looks like none.
    const other = await paidProgram();
    expect((await refusal(refundMembershipPayment(db, { providerId: other.providerId, paymentId: payment.id }))).code).toBe("NOT_FOUND");
  });

  it("keeps renewing a subscription from before Connect (no destination) on the platform's account", async () => {
    const program = await paidProgram();
    const user = await aPayer();
    const started = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    if (started.status !== "checkout") throw new Error("expected a checkout");
    // What Checkout looked like before: no transfer_data, no application fee.
    const row = await db.membershipSubscription.findUniqueOrThrow({ where: { memberId: started.memberId } });
    const legacy = await stripe().checkout.sessions.create({
      mode: "subscription",
      customer: row.stripeCustomerId,
      line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 990, recurring: { interval: "month" }, product_data: { name: "Legacy membership" } } }],
      subscription_data: { metadata: { memberId: started.memberId, programId: program.programId } },
      success_url: "https://boomerang.example/return",
    });
    await db.membershipSubscription.update({ where: { id: row.id }, data: { checkoutSessionId: legacy.id } });
    const { subscriptionId } = await pay(legacy.id);
    expect(fake.subscriptions.get(subscriptionId)).toMatchObject({ transfer_data: null, application_fee_percent: null });
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");

    await renew(subscriptionId);
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
    expect(await db.membershipSubscription.findUniqueOrThrow({ where: { memberId: started.memberId } })).toMatchObject({ stripeSubscriptionId: subscriptionId, status: "active", destinationAccountId: null });
    expect(await getMembershipRevenue(db, program.providerId)).toEqual([
      expect.objectContaining({ payments: 2, grossMinor: 1980n, platformFeeMinor: 0n, transferredMinor: 0n, heldByPlatformMinor: 1980n }),
    ]);
  });
});

describe("a dispute on a membership payment (destination charge)", () => {
  /** The sandbox's test controls: the member's bank opens a dispute, then decides it. */
  async function control(path: string) {
    const res = await fake.handle(new Request(`https://sandbox.test/sandbox/${path}`, { method: "POST" }));
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }
  const reversals = () => fake.requests.filter((r) => r.method === "POST" && /^\/v1\/transfers\/[^/]+\/reversals$/.test(r.path));

  async function paidMember() {
    const program = await paidProgram();
    const user = await aPayer();
    const started = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
    if (started.status !== "checkout") throw new Error("expected a checkout");
    const paid = await pay(started.sessionId);
    const payment = await db.membershipPayment.findFirstOrThrow({ where: { memberId: started.memberId } });
    return { program, started, payment, ...paid };
  }

  it("ends the membership when opened, and once lost reverses the business's €8.91 of the €9.90 payment, once; Billing shows it", async () => {
    const { program, started, payment } = await paidMember();
    // 10 % of €9.90: the platform's fee is 99 cents, 891 reached the business.
    expect(payment).toMatchObject({ grossMinor: 990n, applicationFeeMinor: 99n, transferredMinor: 891n });

    const dispute = await control(`charges/${payment.stripeChargeId}/dispute`);
    expect((await deliver(anEvent("charge.dispute.created", dispute))).json).toMatchObject({ status: "processed" });
    expect(await memberStatus(started.memberId)).toBe("SUSPENDED");
    // Open: it may still be won, so nothing is taken back yet.
    expect(reversals()).toHaveLength(0);
    expect(await db.membershipPayment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ stripeDisputeId: dispute.id, disputeStatus: "needs_response", disputedMinor: 0n, disputeReversedMinor: 0n });

    const lost = await control(`disputes/${String(dispute.id)}/lose`);
    const closed = anEvent("charge.dispute.closed", lost);
    expect((await deliver(closed)).json).toMatchObject({ status: "processed" });
    expect(reversals()).toHaveLength(1);
    expect(reversals()[0]).toMatchObject({ body: { amount: "891", metadata: { stripeDisputeId: dispute.id, membershipPaymentId: payment.id } }, idempotencyKey: `boomerang-dispute-reversal:${String(dispute.id)}` });
    const transferId = String(fake.charges.get(payment.stripeChargeId!)!.transfer);
    expect(fake.transfers.get(transferId)).toMatchObject({ amount: 891, amount_reversed: 891, reversed: true });
    expect(await db.membershipPayment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ disputeStatus: "lost", disputedMinor: 990n, disputeReversedMinor: 891n, transferReversedMinor: 891n, refundedMinor: 0n });

    // Stripe sends the closed event again (another delivery, another id): found on the transfer, not reversed twice.
    expect((await deliver(anEvent("charge.dispute.closed", lost))).json).toMatchObject({ status: "processed" });
    expect(reversals()).toHaveLength(1);
    expect(fake.transfers.get(transferId)).toMatchObject({ amount_reversed: 891 });

    // Billing → Membership revenue: paid 9.90, fee 0.99 kept, nothing left transferred, 9.90 lost of which 8.91 reversed.
    expect(await getMembershipRevenue(db, program.providerId)).toEqual([
      expect.objectContaining({ payments: 1, grossMinor: 990n, platformFeeMinor: 99n, transferredMinor: 0n, refundedMinor: 0n, disputedMinor: 990n, disputeReversedMinor: 891n }),
    ]);
  });

  it("reverses nothing for a dispute won, and after a partial refund reverses only the disputed share of what is left", async () => {
    const { program, subscriptionId, payment } = await paidMember();
    const won = await control(`charges/${payment.stripeChargeId}/dispute`);
    expect((await deliver(anEvent("charge.dispute.closed", await control(`disputes/${String(won.id)}/win`)))).json).toMatchObject({ status: "processed" });
    expect(reversals()).toHaveLength(0);
    expect(await db.membershipPayment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ disputeStatus: "won", disputedMinor: 0n, disputeReversedMinor: 0n, transferReversedMinor: 0n });

    // Another month: half of €9.90 refunded (the business gives back 445 of its 891, the platform 49 of its 99) …
    const renewal = await renew(subscriptionId);
    const second = await db.membershipPayment.findFirstOrThrow({ where: { stripeInvoiceId: renewal.data.object.id as string } });
    expect(await refundMembershipPayment(db, { providerId: program.providerId, paymentId: second.id, amountMinor: 495n })).toMatchObject({ refundedMinor: 495n, feeRefundedMinor: 49n, transferReversedMinor: 445n });
    // … then the other €4.95 is disputed and lost: 891 × 495 ÷ 990 = 445.5 → 445 more comes back from the business.
    const dispute = await control(`charges/${second.stripeChargeId}/dispute`);
    expect(dispute).toMatchObject({ amount: 495 });
    expect((await deliver(anEvent("charge.dispute.closed", await control(`disputes/${String(dispute.id)}/lose`)))).json).toMatchObject({ status: "processed" });
    expect(reversals().map((r) => r.body.amount)).toEqual(["445"]);
    expect(await db.membershipPayment.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ disputedMinor: 495n, disputeReversedMinor: 445n, transferReversedMinor: 890n });
    // The month: 2 payments of 990; fee 99 + 50; transferred 891 + 1; refunded 495; lost 495, of which 445 reversed.
    expect(await getMembershipRevenue(db, program.providerId)).toEqual([
      expect.objectContaining({ payments: 2, grossMinor: 1980n, platformFeeMinor: 149n, transferredMinor: 892n, refundedMinor: 495n, disputedMinor: 495n, disputeReversedMinor: 445n }),
    ]);
  });
});
