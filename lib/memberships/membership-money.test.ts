import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { memberBalances } from "@/lib/ledger";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { memberStatus, paidCheckout } from "@/tests/support/paid-memberships";
import { API, anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";

const { fake, server } = withFakeStripe();

/** Stripe's charge as the refund handler re-reads it: €9.90 paid by the membership's customer, `refunded` of it given back. */
function chargeOf(customer: string, refunded: number) {
  server.use(http.get(`${API}/charges/:id`, ({ params }) => HttpResponse.json({ id: params.id, object: "charge", customer, amount: 990, amount_refunded: refunded, refunded: refunded >= 990, currency: "eur", livemode: false })));
}

const buy = (programId: string, memberId: string, orderId: string, amountMinor: bigint) =>
  recordPurchase(db, { programId, source: "WEBHOOK", orderId, origin: {}, amountMinor, currency: "EUR", customer: { memberId }, actor: { type: "WEBHOOK" } });

describe("paid memberships and money (docs/money-rules.md, \"Paid memberships\")", () => {
  it("a €50.00 purchase made while the membership awaited payment earns its €5.00 (10 %) once the membership is paid, once", async () => {
    const { program, started, session, sub } = await paidCheckout(fake);
    expect(await memberStatus(started.memberId)).toBe("PENDING_PAYMENT");
    const bought = await buy(program.programId, started.memberId, "while-unpaid", 5_000n);
    const reward = bought.status === "accepted" ? bought.reward : null;
    expect(reward?.status).toBe("REJECTED");
    expect((await memberBalances(db, [started.memberId])).get(started.memberId)?.pending).toBe(0n);

    expect((await deliver(anEvent("checkout.session.completed", { ...session }))).status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward!.id } })).toMatchObject({ status: "PENDING", amountMinor: 500n });
    expect((await memberBalances(db, [started.memberId])).get(started.memberId)).toEqual({ available: 0n, pending: 500n, held: 0n });

    // Later news about the same subscription rewards nothing twice.
    expect((await deliver(anEvent("customer.subscription.updated", { ...sub }))).status).toBe(200);
    expect((await memberBalances(db, [started.memberId])).get(started.memberId)?.pending).toBe(500n);
    expect(await db.reward.count({ where: { memberId: started.memberId } })).toBe(1);
  });

  it("a membership payment of €9.90 refunded in full (charge.refunded) ends the membership: subscription cancelled, member suspended; a partial refund of €2.00 changes nothing", async () => {
    const { program, started, session, sub } = await paidCheckout(fake);
    expect((await deliver(anEvent("checkout.session.completed", { ...session }))).status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");

    chargeOf(String(session.customer), 200);
    expect((await deliver(anEvent("charge.refunded", { id: "ch_partial", object: "charge", amount: 990, amount_refunded: 200 }))).json).toMatchObject({ status: "processed" });
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
    expect(fake.subscriptions.get(String(sub.id))?.status).toBe("active");

    chargeOf(String(session.customer), 990);
    expect((await deliver(anEvent("charge.refunded", { id: "ch_full", object: "charge", amount: 990, amount_refunded: 990 }))).json).toMatchObject({ status: "processed" });
    expect(await memberStatus(started.memberId)).toBe("SUSPENDED");
    expect(fake.subscriptions.get(String(sub.id))?.status).toBe("canceled");
    const after = await buy(program.programId, started.memberId, "after-refund", 5_000n);
    expect(after.status === "accepted" ? after.reward?.status : null).toBe("REJECTED");
  });

  it("a refunded charge that is no membership's changes nothing", async () => {
    const { started, session } = await paidCheckout(fake);
    expect((await deliver(anEvent("checkout.session.completed", { ...session }))).status).toBe(200);
    chargeOf("cus_someone_else", 990);
    expect((await deliver(anEvent("charge.refunded", { id: "ch_other", object: "charge" }))).status).toBe(200);
    expect(await memberStatus(started.memberId)).toBe("ACTIVE");
  });
});
