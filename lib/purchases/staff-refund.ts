import { inTransaction, type DbOrTx, type Tx } from "@/lib/db/client";
import type { Currency, PurchaseSource, RewardStatus, StaffRole } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record-audit";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { formatMoney } from "@/lib/money/format";
import type { Actor } from "@/lib/rewards/actor";
import { REWARD_ROW } from "@/lib/rewards/postings";
import { reverseDueReward } from "@/lib/rewards/reverse-due-reward";
import { orderLockKey } from "./record-purchase";
import { recordRefundWith } from "./record-refund";

/** Who may refund a purchase from the dashboard, at any time and from any source (docs/money-rules.md). */
export const REFUND_ROLES: readonly StaffRole[] = ["OWNER", "MANAGER"];

export type StaffRefundInput = {
  providerId: string;
  purchaseId: string;
  /** The signed-in staff member; their role at the provider is checked here. */
  userId: string;
  /** Minor units to refund; the whole rest of the purchase when left out. */
  refundMinor?: bigint;
  reason: string;
  /** One id per confirmation on the screen: a retry of the same one refunds once. */
  requestId: string;
};

export type StaffRefunded = {
  purchaseId: string;
  currency: Currency;
  /** What this refund took off the purchase, and the purchase's refunds in total. */
  refundMinor: bigint;
  purchaseRefundedMinor: bigint;
  reward: { id: string; status: RewardStatus; amountMinor: bigint; recoveredMinor: bigint; unrecoveredMinor: bigint } | null;
  duplicate: boolean;
};

export type LockedPurchase = {
  id: string;
  programId: string;
  source: PurchaseSource;
  orderId: string;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: Currency;
  cashierUserId: string | null;
  createdAt: Date;
};

/** The staff member's role at the provider, or null for someone who is not its staff. */
export async function staffRoleAt(tx: DbOrTx, userId: string, providerId: string): Promise<StaffRole | null> {
  const staff = await tx.staffMember.findUnique({ where: { userId_providerId: { userId, providerId } }, select: { role: true } });
  return staff?.role ?? null;
}

/**
 * One of the provider's purchases, with the order's lock held to the end of the transaction (the same lock
 * refund and order events take), so its refunded total cannot move while a refund is decided.
 */
export async function lockPurchase(tx: Tx, providerId: string, purchaseId: string): Promise<LockedPurchase> {
  const select = { id: true, programId: true, source: true, orderId: true, amountMinor: true, refundedMinor: true, currency: true, cashierUserId: true, createdAt: true } as const;
  const found = await tx.purchase.findFirst({ where: { id: purchaseId, program: { providerId } }, select });
  if (!found) throw new DomainError("NOT_FOUND", "That purchase does not exist.");
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${orderLockKey(found)}, 0))`;
  return tx.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select });
}

/**
 * Refunds `refundMinor` of a locked purchase through the one refund path (recordRefund: the reward keeps the
 * share of the basket kept; after the hold it is reversed at once from the member's available balance, never
 * below zero, the rest outstanding), and writes the audit entry. Callers check who may do it.
 */
export async function refundLockedPurchase(
  tx: Tx,
  purchase: LockedPurchase,
  input: { providerId: string; refundMinor: bigint; reason: string; requestId: string; actor: Actor; action: "purchase.refund" | "purchase.void" },
): Promise<StaffRefunded> {
  const before = await tx.reward.findUnique({ where: { purchaseId: purchase.id }, select: REWARD_ROW });
  const outcome = await unitOfWork(tx, (sql) =>
    recordRefundWith(sql, {
      programId: purchase.programId,
      source: purchase.source,
      orderId: purchase.orderId,
      refundMinor: input.refundMinor,
      refundKey: `staff:${input.requestId}`,
      eventKeys: [`staff-refund:${input.requestId}`],
      actor: input.actor,
    }),
  );
  const current = async () => (await tx.purchase.findUniqueOrThrow({ where: { id: purchase.id }, select: { refundedMinor: true } })).refundedMinor;
  if (outcome.status === "duplicate") {
    const reward = before ? { id: before.id, status: before.status, amountMinor: before.amountMinor, recoveredMinor: 0n, unrecoveredMinor: 0n } : null;
    return { purchaseId: purchase.id, currency: purchase.currency, refundMinor: 0n, purchaseRefundedMinor: await current(), reward, duplicate: true };
  }

  // The refund reverses what it takes off the reward at once (docs/money-rules.md); a reduction only recorded as
  // due (a reward from before that rule) is reversed here, as the business's button would.
  let after = before ? await tx.reward.findUniqueOrThrow({ where: { id: before.id }, select: REWARD_ROW }) : null;
  if (after && after.status === "AVAILABLE" && after.reversalDueMinor > 0n) {
    await reverseDueReward(tx, { programId: purchase.programId, rewardId: after.id, actor: input.actor, reason: input.reason });
    after = await tx.reward.findUniqueOrThrow({ where: { id: after.id }, select: REWARD_ROW });
  }
  // Taken back from the member (pending or available), and left outstanding because they had already spent or withdrawn it.
  const recoveredMinor = before && after ? after.reversedMinor - before.reversedMinor : 0n;
  const unrecoveredMinor = before && after ? after.unrecoveredMinor - before.unrecoveredMinor : 0n;

  const refunded = await current();
  // Amounts formatted with their currency: the activity log shows these fields as they are.
  const money = (v: bigint) => formatMoney(v, purchase.currency);
  await recordAudit(tx, {
    actor: input.actor,
    action: input.action,
    providerId: input.providerId,
    programId: purchase.programId,
    target: { type: "purchase", id: purchase.id },
    before: { refunded: money(purchase.refundedMinor), reward: before ? `${before.status} ${money(before.amountMinor)}` : null },
    after: {
      refunded: money(refunded),
      refund: `${money(input.refundMinor)} of ${money(purchase.amountMinor)}`,
      reward: after ? `${after.status} ${money(after.amountMinor)}` : null,
      cashbackRecovered: money(recoveredMinor),
      cashbackUnrecovered: money(unrecoveredMinor),
    },
    reason: input.reason,
  });
  return {
    purchaseId: purchase.id,
    currency: purchase.currency,
    refundMinor: input.refundMinor,
    purchaseRefundedMinor: refunded,
    reward: after ? { id: after.id, status: after.status, amountMinor: after.amountMinor, recoveredMinor, unrecoveredMinor } : null,
    duplicate: false,
  };
}

export function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new DomainError("VALIDATION", "Say why.", { field: "reason" });
  if (trimmed.length > 500) throw new DomainError("VALIDATION", "Keep the reason under 500 characters.", { field: "reason" });
  return trimmed;
}

/**
 * A manager's or owner's refund of a purchase from any source (webhook, register, linked account, receipt),
 * at any time, in part or in full, with a reason: the same refund a shop's refund event makes, plus an
 * immediate reversal of what it leaves due, and an audit entry (docs/money-rules.md, "Staff refunds and the
 * register's void").
 */
export async function refundPurchaseByStaff(db: DbOrTx, input: StaffRefundInput): Promise<StaffRefunded> {
  const reason = requireReason(input.reason);
  return inTransaction(
    db,
    async (tx) => {
      const role = await staffRoleAt(tx, input.userId, input.providerId);
      if (!role) throw new DomainError("NOT_FOUND", "That business does not exist or you are not part of it.");
      if (!REFUND_ROLES.includes(role)) throw new DomainError("FORBIDDEN", "Only an owner or a manager can refund a purchase.");
      const purchase = await lockPurchase(tx, input.providerId, input.purchaseId);
      const rest = purchase.amountMinor - purchase.refundedMinor;
      if (rest <= 0n) throw new DomainError("CONFLICT", "This purchase is already refunded in full.");
      const refundMinor = input.refundMinor ?? rest;
      if (refundMinor <= 0n) throw new DomainError("VALIDATION", "Enter an amount above zero.", { field: "refundMinor" });
      if (refundMinor > rest) throw new DomainError("UNPROCESSABLE", `At most ${formatMoney(rest, purchase.currency)} is left to refund on this purchase.`, { field: "refundMinor" });
      return refundLockedPurchase(tx, purchase, { providerId: input.providerId, refundMinor, reason, requestId: input.requestId, actor: { type: "USER", id: input.userId }, action: "purchase.refund" });
    },
    { timeout: 20_000 },
  );
}
