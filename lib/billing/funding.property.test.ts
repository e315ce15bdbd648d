import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { reconcile } from "@/lib/ledger";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { confirmWithdrawal } from "@/lib/withdrawals/confirm-withdrawal";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { settlePaidWithdrawals } from "@/lib/withdrawals/settle-paid-withdrawals";
import { settleWithdrawal } from "@/lib/withdrawals/settle-withdrawal";
import { LIMITS, setup, short, type Setup } from "@/tests/support/withdrawals";
import { anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { invoiceMonth } from "./invoice-month";
import { startTopUp } from "./start-top-up";

const { fake } = withFakeStripe();

const limits = { ...LIMITS, minMinor: { ...LIMITS.minMinor, EUR: 100n }, dailyMinor: 10_000_000n, monthlyMinor: 10_000_000n, approvalAboveMinor: 10_000_000n };
const thisMonth = () => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));

type Step =
  | { op: "earn"; amountMinor: bigint }
  | { op: "withdraw"; amountMinor: bigint }
  | { op: "return"; pick: number }
  | { op: "settle" }
  | { op: "topUp"; amountMinor: bigint }
  | { op: "invoice" }
  | { op: "pay"; pick: number }
  | { op: "void"; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("earn" as const), amountMinor: fc.bigInt({ min: 100n, max: 5_000n }) }),
  fc.record({ op: fc.constant("withdraw" as const), amountMinor: fc.bigInt({ min: 100n, max: 4_000n }) }),
  fc.record({ op: fc.constant("return" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("settle" as const) }),
  fc.record({ op: fc.constant("topUp" as const), amountMinor: fc.bigInt({ min: 1_000n, max: 3_000n }) }),
  fc.record({ op: fc.constant("invoice" as const) }),
  fc.record({ op: fc.constant("pay" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("void" as const), pick: fc.nat() }),
);

async function apply(s: Setup, providerId: string, st: Step): Promise<void> {
  if (st.op === "earn") {
    await recordPurchase(db, { programId: s.programId, source: "WEBHOOK", orderId: `o-${short()}`, origin: {}, amountMinor: st.amountMinor * 10n, currency: "EUR", customer: { memberId: s.memberId }, actor: { type: "WEBHOOK" } });
  } else if (st.op === "withdraw") {
    const asked = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: st.amountMinor, limits }).catch(() => null);
    if (!asked) return; // more than is available: refused, nothing moved
    const w = await confirmWithdrawal(db, { userId: s.userId, token: new URL(asked.confirmUrl).searchParams.get("token") ?? "" });
    if (w.status !== "PROCESSING") return;
    const payoutId = `po_${short()}`;
    await db.withdrawal.update({ where: { id: asked.withdrawal.id }, data: { payoutId } });
    await settleWithdrawal(db, { payoutId, outcome: "paid" });
  } else if (st.op === "return") {
    const paid = await db.withdrawal.findMany({ where: { memberId: s.memberId, status: "PAID" }, orderBy: { createdAt: "asc" } });
    const w = paid[st.pick % Math.max(paid.length, 1)];
    if (w?.payoutId) await settleWithdrawal(db, { payoutId: w.payoutId, outcome: "failed", reason: "returned" });
  } else if (st.op === "settle") {
    // The return window over for everything paid so far: clearing empties to Stripe; a later return comes from there.
    await settlePaidWithdrawals(db, { now: new Date(Date.now() + 1_000), windowDays: 0 });
  } else if (st.op === "topUp") {
    const owner = await db.staffMember.findFirstOrThrow({ where: { providerId, role: "OWNER" } });
    const { topUpId } = await startTopUp(db, { providerId, userId: owner.userId, currency: "EUR", amountMinor: st.amountMinor });
    const sid = (await db.providerTopUp.findUniqueOrThrow({ where: { id: topUpId } })).checkoutSessionId ?? "";
    await fake.handle(new Request(`https://api.stripe.com/checkout/${sid}/pay`, { method: "POST" }));
    await deliver(anEvent("checkout.session.completed", fake.sessions.get(sid) ?? {}));
  } else if (st.op === "invoice") {
    await invoiceMonth(db, { period: thisMonth() });
  } else {
    const open = await db.providerInvoice.findMany({ where: { providerId, status: "open" }, orderBy: { createdAt: "asc" } });
    const invoice = open[st.pick % Math.max(open.length, 1)];
    if (!invoice?.stripeInvoiceId) return;
    // Paid on Stripe's hosted page, or voided by an operator in Stripe's dashboard; then Stripe's event.
    const stripeUrl = st.op === "pay" ? `https://api.stripe.com/invoices/${invoice.stripeInvoiceId}/pay` : `https://api.stripe.com/v1/invoices/${invoice.stripeInvoiceId}/void`;
    await fake.handle(new Request(stripeUrl, { method: "POST", headers: { authorization: "Bearer sk_test_property" } }));
    await deliver(anEvent(st.op === "pay" ? "invoice.paid" : "invoice.voided", fake.invoices.get(invoice.stripeInvoiceId) ?? {}));
  }
}

/** One random sequence: a fresh business and member, then the steps, checking the books after each. */
const sequence = fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 5 }), async (steps) => {
  const s = await setup(5_000n);
  const { providerId } = await db.program.findUniqueOrThrow({ where: { id: s.programId }, select: { providerId: true } });
  for (const st of steps) {
    await apply(s, providerId, st);
    const books = await reconcile(db, { funding: true });
    expect(books.discrepancies).toEqual([]);
    // The model: what was paid out and not returned is exactly what is charged (prepaid + invoiced + owed).
    const paid = await db.withdrawal.aggregate({ where: { memberId: s.memberId, status: "PAID" }, _sum: { amountMinor: true } });
    const charged = await db.payoutCharge.aggregate({ where: { providerId, chargedBackAt: null }, _sum: { amountMinor: true } });
    expect(charged._sum.amountMinor ?? 0n).toBe(paid._sum.amountMinor ?? 0n);
    const perWithdrawal = await db.payoutCharge.groupBy({ by: ["withdrawalId"], where: { providerId }, _count: { _all: true } });
    expect(perWithdrawal.every((g) => g._count._all === 1)).toBe(true);
  }
});

// Each sequence costs a few seconds of database work: several one-sequence properties instead of one long one,
// each within the default timeout on a busy machine (the seeds vary between runs of the suite).
describe("funding payouts, as a model", () => {
  for (const round of [1, 2, 3, 4, 5, 6]) {
    it(`charges every paid-out cent exactly once, and the ledger reconciles after every step of random earn / withdraw / return / settle / top-up / invoice / pay / void (round ${round})`, async () => {
      await fc.assert(sequence, { numRuns: 1 });
    });
  }
});
