import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { aMember, aProgram } from "@/tests/support/programs";
import { keptShare } from "@/lib/rewards/issue-reward";
import { recordPurchase } from "./record-purchase";
import { recordRefund } from "./record-refund";

// The money rule for refunds (docs/money-rules.md): a reward keeps the share of the basket that was kept,
// rounded down, from the totals. The same order and refunds must leave the same reward whether the refunds
// arrive before the order or after it, and however the refunded amount is split.

const actor = { type: "WEBHOOK" } as const;

async function finalReward(programId: string, memberId: string, orderId: string, amount: bigint, refunds: bigint[], refundsFirst: boolean) {
  const pay = () =>
    recordPurchase(db, { programId, source: "WEBHOOK", orderId, origin: {}, amountMinor: amount, currency: "EUR", customer: { memberId }, actor, eventKeys: [`order:${orderId}:paid`] });
  const refund = (r: bigint, i: number) =>
    recordRefund(db, { programId, source: "WEBHOOK", orderId, refundMinor: r, refundKey: `${orderId}:r${i}`, eventKeys: [`${orderId}:r${i}`], actor });
  if (!refundsFirst) await pay();
  for (const [i, r] of refunds.entries()) await refund(r, i);
  if (refundsFirst) await pay();
  const purchase = await db.purchase.findUniqueOrThrow({ where: { programId_source_orderId: { programId, source: "WEBHOOK", orderId } }, include: { reward: true } });
  return purchase.reward!;
}

describe("refund rounding", () => {
  it("6497 at 1 % refunded 2381 leaves 40 whichever arrives first", async () => {
    const { programId } = await aProgram({ cashbackBps: 100 });
    const { memberId } = await aMember(programId);
    const orderFirst = await finalReward(programId, memberId, "a", 6497n, [2381n], false);
    const refundFirst = await finalReward(programId, memberId, "b", 6497n, [2381n], true);
    expect(orderFirst.amountMinor).toBe(40n);
    expect(refundFirst.amountMinor).toBe(40n);
  });

  it("gives the same reward in both orders, for random amounts, rates and refund splits (fast-check)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 5_000_000n }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 3 }),
        async (amount, bps, weights) => {
          // Refunds that never exceed the basket: weights scaled to at most all of it.
          const total = weights.reduce((a, b) => a + b, 0);
          const share = BigInt(Math.max(1, Math.floor(Math.random() * 1_000)));
          const refunds = weights.map((w) => (amount * share * BigInt(w)) / (1_000n * BigInt(total))).filter((r) => r > 0n);
          if (refunds.length === 0) refunds.push(1n);
          const { programId } = await aProgram({ cashbackBps: bps });
          const { memberId } = await aMember(programId);
          const k = n++;
          const orderFirst = await finalReward(programId, memberId, `p${k}-a`, amount, refunds, false);
          const refundFirst = await finalReward(programId, memberId, `p${k}-b`, amount, refunds, true);
          const award = (amount * BigInt(bps)) / 10_000n;
          const kept = keptShare(award, amount, refunds.reduce((a, b) => a + b, 0n));
          expect(orderFirst.amountMinor).toBe(refundFirst.amountMinor);
          expect(orderFirst.amountMinor).toBe(kept);
        },
      ),
      { numRuns: 25 },
    );
  });
});
