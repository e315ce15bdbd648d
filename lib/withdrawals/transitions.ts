import type { Tx } from "@/lib/db/client";
import type { Currency, WithdrawalStatus } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { capture, externalAccount, memberAccount, platformAccount, post, release } from "@/lib/ledger";
import { createNotification } from "@/lib/notifications/create-notification";
import { chargeBackPayout, chargePayout } from "@/lib/billing/charge-payout";
import { postPayoutCosts } from "./payout-costs";
import { STRIPE_EXTERNAL } from "./payout-pricing";

export type WithdrawalRow = {
  id: string;
  userId: string;
  memberId: string;
  amountMinor: bigint;
  currency: Currency;
  status: WithdrawalStatus;
  holdId: bigint | null;
};

export const WITHDRAWAL_ROW = { id: true, userId: true, memberId: true, amountMinor: true, currency: true, status: true, holdId: true } as const;

/** Locks a withdrawal for a status change: confirmations, admin decisions and payout webhooks take turns. */
export async function lockWithdrawal(tx: Tx, id: string): Promise<WithdrawalRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM withdrawals WHERE id = ${id}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.withdrawal.findUniqueOrThrow({ where: { id }, select: WITHDRAWAL_ROW });
}

/** Tells the member, in the notification centre (and by e-mail through the notifications job). */
export async function notifyWithdrawal(tx: Tx, w: WithdrawalRow, status: WithdrawalStatus, reason?: string | null): Promise<void> {
  await createNotification(tx, {
    userId: w.userId,
    kind: "WITHDRAWAL",
    data: { withdrawalId: w.id, status, amountMinor: w.amountMinor.toString(), currency: w.currency, reason: reason ?? null },
  });
}

/** Gives the held amount back to the member's available balance and ends the withdrawal as `to`. */
export async function releaseWithdrawal(tx: Tx, w: WithdrawalRow, to: "CANCELED" | "FAILED", reason: string): Promise<WithdrawalRow> {
  if (w.holdId == null) throw new Error(`withdrawal ${w.id} has no hold`);
  await release(tx, { holdId: w.holdId, idempotencyKey: `withdrawal:${w.id}:release`, metadata: { reason } });
  const updated = await tx.withdrawal.update({ where: { id: w.id }, data: { status: to, failureReason: reason }, select: WITHDRAWAL_ROW });
  await notifyWithdrawal(tx, updated, to, reason);
  return updated;
}

/**
 * The payout arrived: the held amount leaves the member's balance for the payout clearing account, the
 * business whose cashback it was is charged for it (chargePayout), and Stripe's payout costs are posted as the
 * platform's expense (postPayoutCosts), in the same unit of work.
 */
export async function captureWithdrawal(tx: Tx, w: WithdrawalRow, paidAt = new Date()): Promise<WithdrawalRow> {
  if (w.holdId == null) throw new Error(`withdrawal ${w.id} has no hold`);
  await capture(tx, { holdId: w.holdId, idempotencyKey: `withdrawal:${w.id}:capture`, to: platformAccount("PAYOUTS_CLEARING", w.currency), kind: "WITHDRAW" });
  await chargePayout(tx, w);
  const account = await tx.memberPayoutAccount.findUnique({ where: { userId: w.userId }, select: { stripeAccountId: true } });
  await postPayoutCosts(tx, w, { payoutAccountId: account?.stripeAccountId ?? null, paidAt });
  const updated = await tx.withdrawal.update({ where: { id: w.id }, data: { status: "PAID", paidAt }, select: WITHDRAWAL_ROW });
  await notifyWithdrawal(tx, updated, "PAID");
  return updated;
}

/**
 * The bank returned a payout after it had been paid (Stripe reports such a payout as failed days later): the
 * money comes back from payout clearing to the member's available balance, the business's charge is given back
 * (chargeBackPayout), and the withdrawal ends as FAILED. After its return window the money had left clearing
 * (settlePaidWithdrawals), so it comes back from `EXTERNAL stripe` instead.
 */
export async function returnWithdrawal(tx: Tx, w: WithdrawalRow, reason: string): Promise<WithdrawalRow> {
  const { settledAt } = await tx.withdrawal.findUniqueOrThrow({ where: { id: w.id }, select: { settledAt: true } });
  const from = settledAt ? externalAccount(STRIPE_EXTERNAL, w.currency) : platformAccount("PAYOUTS_CLEARING", w.currency);
  await post(tx, {
    idempotencyKey: `withdrawal:${w.id}:returned`,
    kind: "REVERSE",
    reference: { type: "withdrawal", id: w.id },
    metadata: { reason },
    entries: [
      { account: from, amount: -w.amountMinor },
      { account: memberAccount(w.memberId, "MEMBER_AVAILABLE", w.currency), amount: w.amountMinor },
    ],
  });
  await chargeBackPayout(tx, w.id, reason);
  const updated = await tx.withdrawal.update({ where: { id: w.id }, data: { status: "FAILED", failureReason: reason }, select: WITHDRAWAL_ROW });
  await notifyWithdrawal(tx, updated, "FAILED", reason);
  return updated;
}

export function refuseUnless(w: WithdrawalRow, allowed: WithdrawalStatus[], action: string): void {
  if (!allowed.includes(w.status)) throw new DomainError("CONFLICT", `This withdrawal is ${w.status.toLowerCase().replaceAll("_", " ")}, so it cannot be ${action}.`);
}
