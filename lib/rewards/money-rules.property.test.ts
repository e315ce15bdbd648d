import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accrueCommissions } from "@/lib/billing/accrue-commissions";
import { commissionFor } from "@/lib/billing/commission-tiers";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { expireCashback } from "@/lib/expiry/expire-cashback";
import { balance, capture, hold, memberBalances, providerAccount, reconcile } from "@/lib/ledger";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { deleteAccount } from "@/lib/users/delete-account";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { withdrawableMinor } from "@/lib/withdrawals/limits";
import { aMember, aProgram, uniqueId } from "@/tests/support/programs";
import { keptShare } from "./issue-reward";
import { releaseDueRewards } from "./release-due-rewards";

// The money rules of docs/money-rules.md over random histories: purchases, refunds (full, partial, inside and
// after the hold, after expiry), spending, releases, expiries, withdrawals and commission runs. After every step
// the ledger reconciles; every refund is reflected exactly once; commission is the rate of the cashback that
// stands (rounded down once per month and rate); and no withdrawal ever takes an amount the member owes back.
// Purchases come from the shop (webhook) and the till (register); each is rewarded at most once. The member may
// delete their account: pending cashback is cancelled, the available balance moves to the business's unclaimed
// funds once, and nothing is earned afterwards (docs/money-rules.md, "Deleted accounts").

const DAY = 24 * 60 * 60 * 1000;
const actor = { type: "WEBHOOK" } as const;
const LIMITS = { minMinor: { EUR: 1n, GBP: 1n, USD: 1n, CAD: 1n }, dailyMinor: 10_000_000n, monthlyMinor: 10_000_000n, cooldownHours: 0, approvalAboveMinor: 10_000_000n, confirmMinutes: 30 };

type Source = "WEBHOOK" | "REGISTER";

type Step =
  | { kind: "buy"; basket: bigint; source: Source }
  | { kind: "delete" }
  | { kind: "refund"; order: number; share: number }
  | { kind: "spend"; share: number }
  | { kind: "release" }
  | { kind: "expire" }
  | { kind: "withdraw"; share: number }
  | { kind: "accrue" };

// Purchases weigh most, so a deletion usually finds money to move (a withdrawal in progress makes it wait).
const steps = (deletions: boolean): fc.Arbitrary<Step> =>
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("buy" as const), basket: fc.bigInt({ min: 1n, max: 50_000n }), source: fc.constantFrom<Source>("WEBHOOK", "REGISTER") }), weight: 4 },
    ...(deletions ? [{ arbitrary: fc.record({ kind: fc.constant("delete" as const) }), weight: 1 }] : []),
    { arbitrary: fc.record({ kind: fc.constant("refund" as const), order: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("spend" as const), share: fc.integer({ min: 1, max: 100 }) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant("release" as const) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("expire" as const) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant("withdraw" as const), share: fc.integer({ min: 1, max: 100 }) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant("accrue" as const) }), weight: 1 },
  );

const outstanding = async (memberId: string) => {
  const [row] = await db.$queryRaw<{ sum: bigint }[]>`SELECT COALESCE(sum(unrecovered_minor + reversal_due_minor), 0)::bigint AS sum FROM rewards WHERE member_id = ${memberId}::uuid`;
  return row?.sum ?? 0n;
};

type Order = { orderId: string; source: Source; basket: bigint; refunded: bigint; afterDeletion: boolean };
type Ctx = {
  programId: string;
  providerId: string;
  memberId: string;
  orders: Order[];
  accrued: boolean;
  justAccrued: boolean;
  /** Set once the account is deleted: what moved to unclaimed funds, and the rewards cancelled then. */
  deleted: { unclaimed: bigint; cancelled: Set<string> } | null;
};

async function checkInvariants(ctx: Ctx) {
  const recon = await reconcile(db);
  expect(recon.discrepancies).toEqual([]);

  // Each purchase rewarded at most once: one EARN per reward at most.
  const earns = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM ledger_transactions t JOIN rewards r ON t.reference_type = 'reward' AND t.reference_id = r.id::text
     WHERE r.program_id = ${ctx.programId}::uuid AND t.kind = 'EARN' GROUP BY t.reference_id HAVING count(*) > 1`;
  expect(earns).toEqual([]);

  if (ctx.deleted) {
    // The balance moved to unclaimed funds once, and the deleted member holds nothing (later refunds stay outstanding).
    expect(await balance(db, providerAccount(ctx.providerId, "PROVIDER_UNCLAIMED", "EUR"))).toBe(ctx.deleted.unclaimed);
    expect((await memberBalances(db, [ctx.memberId])).get(ctx.memberId)).toEqual({ available: 0n, pending: 0n, held: 0n });
  }

  for (const order of ctx.orders) {
    const purchase = await db.purchase.findUniqueOrThrow({ where: { programId_source_orderId: { programId: ctx.programId, source: order.source, orderId: order.orderId } }, include: { reward: true } });
    expect(purchase.refundedMinor).toBe(order.refunded);
    const r = purchase.reward!;
    if (order.afterDeletion) {
      // Nothing is earned after the account is deleted.
      expect(r.status).toBe("REJECTED");
      expect(await db.ledgerTransaction.count({ where: { referenceType: "reward", referenceId: r.id } })).toBe(0);
      continue;
    }
    const original = r.amountMinor + r.reversedMinor + r.unrecoveredMinor + r.expiredMinor;
    const kept = keptShare(original, purchase.amountMinor, purchase.refundedMinor);
    // Every refund reflected once: what stands is what the refund rule keeps, less what expired; never more.
    if (ctx.deleted?.cancelled.has(r.id)) expect([r.status, r.amountMinor]).toEqual(["REVERSED", 0n]);
    else if (r.expiredMinor === 0n) expect(r.amountMinor + r.reversalDueMinor).toBe(kept);
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

async function runHistory(steps: Step[]) {
  const program = await aProgram({ cashbackBps: 1000, holdDays: 14 });
  await db.program.update({ where: { id: program.programId }, data: { expiryMonths: 12 } });
  await db.program.update({ where: { id: program.programId }, data: { expiryClockFrom: null } });
  const member = await aMember(program.programId);
  const account = await db.linkedAccount.create({
    data: { userId: member.userId, plaidItemId: `item-${uniqueId()}`, accessTokenEnc: encryptSecret("access-sandbox-test"), plaidAccountId: "acc-1", institutionName: "Bank", mask: "0000", linkedAt: new Date(Date.now() - 100 * 60 * 60 * 1000) },
  });
  const ctx: Ctx = { ...program, memberId: member.memberId, orders: [], accrued: false, justAccrued: false, deleted: null };
  let clock = Date.now();
  for (const s of steps) {
    ctx.justAccrued = s.kind === "accrue";
    const available = (await memberBalances(db, [member.memberId])).get(member.memberId)?.available ?? 0n;
    switch (s.kind) {
      case "buy": {
        const orderId = `o-${uniqueId()}`;
        await recordPurchase(db, { programId: program.programId, source: s.source, orderId, origin: {}, amountMinor: s.basket, currency: "EUR", customer: { memberId: member.memberId }, actor });
        ctx.orders.push({ orderId, source: s.source, basket: s.basket, refunded: 0n, afterDeletion: ctx.deleted !== null });
        break;
      }
      case "delete": {
        if (ctx.deleted) break;
        const b = (await memberBalances(db, [member.memberId])).get(member.memberId)!;
        const forfeit = [{ memberId: member.memberId, availableMinor: b.available.toString(), pendingMinor: b.pending.toString() }];
        const open = await db.reward.findMany({ where: { memberId: member.memberId, status: { in: ["PENDING", "PENDING_REVIEW", "HELD"] } }, select: { id: true } });
        const owed = await outstanding(member.memberId);
        try {
          await deleteAccount(member.userId, { password: "correct horse battery staple", forfeit });
        } catch (error) {
          // Only a withdrawal in progress (money set aside) makes it wait.
          if (!(error instanceof DomainError)) throw error;
          expect(b.held > 0n).toBe(true);
          break;
        }
        expect(b.held).toBe(0n);
        // What the member owed back is recovered first; the rest of the available balance is unclaimed.
        const recovered = owed < b.available ? owed : b.available;
        ctx.deleted = { unclaimed: b.available - recovered, cancelled: new Set(open.map((r) => r.id)) };
        break;
      }
      case "refund": {
        const order = ctx.orders[s.order % Math.max(ctx.orders.length, 1)];
        if (!order || order.refunded >= order.basket) break;
        const left = order.basket - order.refunded;
        const refund = s.share === 100 ? left : (left * BigInt(s.share)) / 100n || 1n;
        await recordRefund(db, { programId: program.programId, source: order.source, orderId: order.orderId, refundMinor: refund, refundKey: `r-${uniqueId()}`, eventKeys: [`r-${uniqueId()}`], actor });
        order.refunded += refund;
        break;
      }
      case "spend": {
        if (ctx.deleted) break;
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
        if (ctx.deleted) break;
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
}

describe("money rules over random histories (fast-check)", () => {
  it("reconciles after every step, reflects every refund once, charges commission on what stands, never withdraws a due amount", async () => {
    await fc.assert(fc.asyncProperty(fc.array(steps(false), { minLength: 4, maxLength: 12 }), runHistory), { numRuns: 8 });
  });

  it("with account deletions and purchases from the shop and the till: rewarded at most once, the balance moves to unclaimed funds once, nothing earned after", async () => {
    await fc.assert(fc.asyncProperty(fc.array(steps(true), { minLength: 4, maxLength: 10 }), runHistory), { numRuns: 6 });
  });
});
