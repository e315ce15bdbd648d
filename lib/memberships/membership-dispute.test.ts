import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { memberStatus, paidCheckout } from "@/tests/support/paid-memberships";
import { API, anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";

const { fake, server } = withFakeStripe();

/** Stripe's charge, as the dispute handler re-reads it: the payer is the membership's customer. */
function chargeOf(customer: string) {
  server.use(http.get(`${API}/charges/:id`, ({ params }) => HttpResponse.json({ id: params.id, object: "charge", customer, amount: 990, currency: "eur", disputed: true, livemode: false })));
}

describe("a chargeback on a membership payment", () => {
  it("a Stripe dispute (charge.dispute.created) on a membership payment ends the membership: the subscription is cancelled at once and the member is suspended, earning nothing", async () => {
    const { program, started, session, sub } = await paidCheckout(fake);
    expect((await deliver(anEvent("checkout.session.completed", { ...session }))).status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");

    chargeOf(String(session.customer));
    const dispute = { id: "dp_membership_1", object: "dispute", charge: "ch_membership_1", amount: 990, currency: "eur", reason: "fraudulent", status: "needs_response" };
    const delivered = await deliver(anEvent("charge.dispute.created", dispute));
    expect(delivered.status).toBe(200);
    expect(delivered.json).toMatchObject({ status: "processed" });
    expect(await memberStatus(started.memberId)).toBe("SUSPENDED");
    expect(fake.subscriptions.get(String(sub.id))?.status).toBe("canceled");
    expect(await db.membershipSubscription.findUniqueOrThrow({ where: { memberId: started.memberId } })).toMatchObject({ status: "canceled" });

    // Later news about the subscription does not bring the membership back, and a purchase earns nothing.
    expect((await deliver(anEvent("customer.subscription.updated", { ...sub }))).status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("SUSPENDED");
    const bought = await recordPurchase(db, {
      programId: program.programId,
      source: "WEBHOOK",
      orderId: "after-dispute",
      origin: {},
      amountMinor: 5000n,
      currency: "EUR",
      customer: { memberId: started.memberId },
      actor: { type: "SYSTEM" },
    });
    expect(bought.status === "accepted" ? bought.reward?.status : null).toBe("REJECTED");
  });

  it("a dispute on a charge that is no membership's changes nothing", async () => {
    const { started, session } = await paidCheckout(fake);
    expect((await deliver(anEvent("checkout.session.completed", { ...session }))).status).toBe(200);
    chargeOf("cus_someone_else");
    const delivered = await deliver(anEvent("charge.dispute.created", { id: "dp_other", object: "dispute", charge: "ch_other", amount: 500, currency: "eur" }));
    expect(delivered.status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
  });
});
