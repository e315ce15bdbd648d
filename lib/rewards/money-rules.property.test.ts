import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accrueCommissions } from "@/lib/billing/accrue-commissions";
import { commissionFor } from "@/lib/billing/commission-tiers";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { expireCashback } from "@/lib/expiry/expire-cashback";
import { capture, hold, memberBalances, providerAccount, reconcile } from "@/lib/ledger";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { withdrawableMinor } from "@/lib/withdrawals/limits";
import { aMember, aProgram, uniqueId } from "@/tests/support/programs";
import { keptShare } from "./issue-reward";
import { releaseDueRewards } from "./release-due-rewards";

// The money rules of docs/money-rules.md over random histories: purchases, refunds (full, partial, inside and
// after the hold, after expiry), spending, releases, expiries, withdrawals and commission runs. After every step
// the ledger reconciles; every refund is reflected exactly once; commission is the rate of the cashback that
// stands (rounded down once per month and rate); and no withdrawal ever takes an amount the member owes back.

const DAY = 24 * 60 * 60 * 1000;
const actor = { type: "WEBHOOK" } as const;
const LIMITS = { minMinor: 1n, dailyMinor: 10_000_000n, monthlyMinor: 10_000_000n, cooldownHours: 0, approvalAboveMinor: 10_000_000n, confirmMinutes: 30 };

type Step =
  | { kind: "buy"; basket: bigint }
  | { kind: "refund"; order: number; share: number }
  | { kind: "spend"; share: number }
  | { kind: "release" }
  | { kind: "expire" }
  | { kind: "withdraw"; share: number }
  | { kind: "accrue" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("buy" as const), basket: fc.bigInt({ min: 1n, max: 50_000n }) }),
  fc.record({ kind: fc.constant("refund" as const), order: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant("spend" as const), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant("release" as const) }),
  fc.record({ kind: fc.constant("expire" as const) }),
  fc.record({ kind: fc.constant("withdraw" as const), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant("accrue" as const) }),
);

const outstanding = async (memberId: string) => {
  const [row] = await db.$queryRaw<{ sum: bigint }[]>`SELECT COALESCE(sum(unrecovered_minor + reversal_due_minor), 0)::bigint AS sum FROM rewards WHERE member_id = ${memberId}::uuid`;
  return row?.sum ?? 0n;
};

async function checkInvariants(ctx: { programId: string; providerId: string; orders: { orderId: string; basket: bigint; refunded: bigint }[]; accrued: boolean; justAccrued: boolean }) {
  const recon = await reconcile(db);
  expect(recon.discrepancies).toEqual([]);

  for (const order of ctx.orders) {
    const purchase = await db.purchase.findUniqueOrThrow({ where: { programId_source_orderId: { programId: ctx.programId, source: "WEBHOOK", orderId: order.orderId } }, include: { reward: true } });
    expect(purchase.refundedMinor).toBe(order.refunded);
    const r = purchase.reward!;
    const original = r.amountMinor + r.reversedMinor + r.unrecoveredMinor + r.expiredMinor;
    const kept = keptShare(original, purchase.amountMinor, purchase.refundedMinor);
    // Every refund reflected once: what stands is what the refund rule keeps, less what expired; never more.
    if (r.expiredMinor === 0n) expect(r.amountMinor + r.reversalDueMinor).toBe(kept);
    else expect(r.amountMinor).toBeLessThanOrEqual(kept > r.amountMinor ? kept : r.amountMinor);
    expect(r.reversalDueMinor).toBe(0n);
    // The ledger moved exactly what the reward records: earned, then reversed and expired once each.
    const moved = await db.$queryRaw<{ kind: string; sum: bigint }[]>`
      SELECT t.kind::text, COALESCE(sum(e.amount), 0)::bigint AS sum FROM ledger_transactions t
        JOIN ledger_entries e ON e.transaction_id = t.id JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'PROVIDER_LIABILITY'
       WHERE t.reference_type = 'reward' AND t.reference_id = ${r.id} GROUP BY t.kind`;
    const of = (kind: string) => moved.find((m) => m.kind === kind)?.sum ?? 0n;
    expect(-of("EARN")).toBe(original);
    expect(of("REVERSE")).toBe(r.reversedMinor);
    expect(of("EXPIRE")).toBe(r.expiredMinor);
  }

  if (ctx.accrued) {
    // Commission is the rate of the cashback that stands, rounded down once per month and rate.
    const groups = await db.$queryRaw<{ period: Date; rate_bps: number; award: bigint; commission: bigint }[]>`
      SELECT b.period, b.rate_bps, sum(x.award_minor)::bigint AS award, sum(x.commission_minor)::bigint AS commission
        FROM billing_records x JOIN billing_records b ON b.reward_id = x.reward_id AND b.kind = 'COMMISSION'
       WHERE b.provider_id = ${ctx.providerId}::uuid GROUP BY b.period, b.rate_bps`;
    for (const g of groups) expect(g.commission).toBe(commissionFor(g.award, g.rate_bps));
  }
  if (ctx.justAccrued) {
    // Right after a commission run, what is billed for each reward past its hold is exactly what stands.
    const standing = await db.$queryRaw<{ id: string; standing: bigint; billed: bigint }[]>`
      SELECT r.id, (CASE WHEN r.status IN ('PENDING', 'AVAILABLE', 'EXPIRED') THEN r.amount_minor ELSE 0 END + r.unrecovered_minor)::bigint AS standing,
             (SELECT COALESCE(sum(award_minor), 0) FROM billing_records b WHERE b.reward_id = r.id)::bigint AS billed
        FROM rewards r WHERE r.program_id = ${ctx.programId}::uuid AND r.status IN ('AVAILABLE', 'EXPIRED', 'REVERSED')`;
    for (const s of standing) expect(s.billed).toBe(s.standing);
  }
}

describe("money rules over random histories (fast-check)", () => {
  it("reconciles after every step, reflects every refund once, charges commission on what stands, never withdraws a due amount", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
        const program = await aProgram({ cashbackBps: 1000, holdDays: 14 });
        await db.program.update({ where: { id: program.programId }, data: { expiryMonths: 12 } });
        await db.program.update({ where: { id: program.programId }, data: { expiryClockFrom: null } });
        const member = await aMember(program.programId);
        const account = await db.linkedAccount.create({
          data: { userId: member.userId, plaidItemId: `item-${uniqueId()}`, accessTokenEnc: encryptSecret("access-sandbox-test"), plaidAccountId: "acc-1", institutionName: "Bank", mask: "0000", linkedAt: new Date(Date.now() - 100 * 60 * 60 * 1000) },
        });
        const ctx = { ...program, orders: [] as { orderId: string; basket: bigint; refunded: bigint }[], accrued: false, justAccrued: false };
        let clock = Date.now();
        for (const s of steps) {
          ctx.justAccrued = s.kind === "accrue";
          const available = (await memberBalances(db, [member.memberId])).get(member.memberId)?.available ?? 0n;
          switch (s.kind) {
            case "buy": {
              const orderId = `o-${uniqueId()}`;
              await recordPurchase(db, { programId: program.programId, source: "WEBHOOK", orderId, origin: {}, amountMinor: s.basket, currency: "EUR", customer: { memberId: member.memberId }, actor });
              ctx.orders.push({ orderId, basket: s.basket, refunded: 0n });
              break;
            }
            case "refund": {
              const order = ctx.orders[s.order % Math.max(ctx.orders.length, 1)];
              if (!order || order.refunded >= order.basket) break;
              const left = order.basket - order.refunded;
              const refund = s.share === 100 ? left : (left * BigInt(s.share)) / 100n || 1n;
              await recordRefund(db, { programId: program.programId, source: "WEBHOOK", orderId: order.orderId, refundMinor: refund, refundKey: `r-${uniqueId()}`, eventKeys: [`r-${uniqueId()}`], actor });
              order.refunded += refund;
              break;
            }
            case "spend": {
              const amount = (available * BigInt(s.share)) / 100n;
              if (amount <= 0n) break;
              const h = await hold(db, { idempotencyKey: `t:${uniqueId()}`, memberId: member.memberId, currency: "EUR", amount });
              await capture(db, { holdId: h.id, idempotencyKey: `t:${uniqueId()}`, to: providerAccount(program.providerId, "PROVIDER_LIABILITY", "EUR") });
              break;
            }
            case "release":
              clock += 15 * DAY;
              await releaseDueRewards(db, { now: new Date(clock) });
              break;
            case "expire":
              clock += 400 * DAY;
              await expireCashback(db, { now: new Date(clock) });
              break;
            case "withdraw": {
              const owed = await outstanding(member.memberId);
              const amount = (available * BigInt(s.share)) / 100n;
              if (amount <= 0n) break;
              try {
                const { withdrawal } = await requestWithdrawal(db, { userId: member.userId, memberId: member.memberId, linkedAccountId: account.id, amountMinor: amount, limits: LIMITS });
                // Never a due amount: what was held fits in what the member had less what they owed back.
                expect(withdrawal.amountMinor <= available - owed).toBe(true);
              } catch (error) {
                if (!(error instanceof DomainError)) throw error;
                expect(amount > available - owed).toBe(true);
              }
              expect(await withdrawableMinor(db, member.memberId, "EUR")).toBeGreaterThanOrEqual(0n);
              break;
            }
            case "accrue":
              await accrueCommissions(db);
              ctx.accrued = true;
              break;
          }
          await checkInvariants(ctx);
        }
      }),
      { numRuns: 8 },
    );
  });
});
