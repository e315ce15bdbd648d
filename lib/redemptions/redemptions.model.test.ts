import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { expirableAmounts } from "@/lib/expiry/expire-cashback";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { reconcile } from "@/lib/ledger";
import { aFundedMember, aSpendingProgram } from "@/tests/support/redemption-api";
import { cancelRedemption } from "./cancel-redemption";
import { captureRedemption } from "./capture-redemption";
import { createRedemption } from "./create-redemption";
import { expireRedemptions } from "./expire-redemptions";
import { refundRedemption } from "./refund-redemption";

// Random sequences of holds, captures, cancels, refunds and expiries against a model of the member's money:
// after every step the balances equal the model, refused steps change nothing, the ledger reconciles, and
// the expiry lots stay right (the oldest cashback is what spending uses first).

type Op =
  | { kind: "hold"; amount: number; partial: boolean; capture: boolean }
  | { kind: "capture"; pick: number; part: number }
  | { kind: "cancel"; pick: number }
  | { kind: "refund"; pick: number; part: number }
  | { kind: "expire" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("hold" as const), amount: fc.integer({ min: 1, max: 900 }), partial: fc.boolean(), capture: fc.boolean() }),
  fc.record({ kind: fc.constant("capture" as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("refund" as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.constant({ kind: "expire" as const }),
);

type Model = { available: bigint; held: bigint; open: Map<string, bigint>; captured: Map<string, { captured: bigint; refunded: bigint }> };

async function balances(memberId: string) {
  const rows = await db.ledgerAccount.findMany({ where: { ownerType: "MEMBER", ownerId: memberId }, select: { kind: true, balance: true } });
  const of = (k: string) => rows.find((r) => r.kind === k)?.balance ?? 0n;
  return { available: of("MEMBER_AVAILABLE"), held: of("MEMBER_HELD") };
}

const refused = (error: unknown) => error instanceof DomainError && error.status >= 400 && error.status < 500;

describe("spending, as a model", () => {
  it("keeps balances, the ledger and the expiry lots right through random hold/capture/cancel/refund/expire sequences", async () => {
    const p = await aSpendingProgram();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (ops) => {
        // Two lots: an older one and a newer one, the cut-off between them.
        const m = await aFundedMember(p.programId, 600n);
        const cutoff = new Date();
        // The clock only moves forward: the next lot is released after the cut-off.
        await new Promise((resolve) => setTimeout(resolve, 5));
        await recordPurchase(db, { programId: p.programId, source: "WEBHOOK", orderId: `lot-${m.memberId}`, origin: {}, amountMinor: 400n, currency: "EUR", customer: { memberId: m.memberId }, actor: { type: "SYSTEM" } });
        const model: Model = { available: 1000n, held: 0n, open: new Map(), captured: new Map() };
        let n = 0;
        const pick = <T>(map: Map<string, T>, i: number) => [...map.keys()][i % Math.max(1, map.size)];
        for (const op of ops) {
          const key = `m${run}-${n++}`;
          try {
            if (op.kind === "hold") {
              const amount = BigInt(op.amount);
              const { redemption } = await createRedemption(db, {
                programId: p.programId,
                source: "API",
                idempotencyKey: key,
                body: { customer: { email: m.email }, amount: op.amount, currency: "EUR", orderId: key, allowPartial: op.partial, capture: op.capture, expiresInSeconds: 1800 },
              });
              const held = op.partial && amount > model.available ? model.available : amount;
              expect(BigInt(redemption.amountHeld)).toBe(held);
              model.available -= held;
              if (op.capture) model.captured.set(redemption.id, { captured: held, refunded: 0n });
              else {
                model.held += held;
                model.open.set(redemption.id, held);
              }
            } else if (op.kind === "capture") {
              const id = pick(model.open, op.pick);
              if (!id) continue;
              const heldAmount = model.open.get(id)!;
              const amount = (heldAmount * BigInt(op.part)) / 100n || 1n;
              await captureRedemption(db, { programId: p.programId, redemptionId: id, amount });
              model.open.delete(id);
              model.held -= heldAmount;
              model.available += heldAmount - amount;
              model.captured.set(id, { captured: amount, refunded: 0n });
            } else if (op.kind === "cancel") {
              const id = pick(model.open, op.pick);
              if (!id) continue;
              await cancelRedemption(db, { programId: p.programId, redemptionId: id, actor: { type: "SYSTEM" } });
              const heldAmount = model.open.get(id)!;
              model.open.delete(id);
              model.held -= heldAmount;
              model.available += heldAmount;
            } else if (op.kind === "refund") {
              const id = pick(model.captured, op.pick);
              if (!id) continue;
              const c = model.captured.get(id)!;
              const amount = (c.captured * BigInt(op.part)) / 100n || 1n;
              const over = c.refunded + amount > c.captured;
              await refundRedemption(db, { programId: p.programId, redemptionId: id, amount, idempotencyKey: key, actor: { type: "SYSTEM" } });
              expect(over).toBe(false);
              c.refunded += amount;
              model.available += amount;
            } else {
              await expireRedemptions(db, { at: new Date(Date.now() + 3600_000) });
              model.available += model.held;
              model.held = 0n;
              model.open.clear();
            }
          } catch (error) {
            if (!refused(error)) throw error;
            // A refusal the model predicts: more than available without allowPartial, nothing available, or over-refunding.
          }
          expect(await balances(m.memberId)).toEqual({ available: model.available, held: model.held });
          const lots = (await expirableAmounts(db, { programId: p.programId, cutoff })).find((r) => r.memberId === m.memberId);
          // The older lot (600) is spent first; whatever was used beyond it came from the newer one.
          const used = 1000n - model.available;
          const oldLeft = 600n - used > 0n ? 600n - used : 0n;
          expect(lots?.amountMinor ?? 0n).toBe(oldLeft < model.available ? oldLeft : model.available);
        }
        const rec = await reconcile(db);
        expect(rec.ok).toBe(true);
        run++;
      }),
      { numRuns: 15 },
    );
  });
});
