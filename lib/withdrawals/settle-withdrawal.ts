import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { releaseFundedWithdrawals } from "./funding-gate";
import { captureWithdrawal, lockWithdrawal, releaseWithdrawal, returnWithdrawal, type WithdrawalRow } from "./transitions";

/**
 * The payout provider's final word on a withdrawal (from its webhook, by payout id): paid captures the held
 * amount, failed returns it, also after it was paid (a payout the bank sent back). Idempotent and order-proof:
 * otherwise a withdrawal already settled is left as it is.
 */
export async function settleWithdrawal(
  db: DbOrTx,
  input: { payoutId: string; outcome: "paid" | "failed"; reason?: string },
): Promise<WithdrawalRow | null> {
  return inTransaction(db, async (tx) => {
    const found = await tx.withdrawal.findUnique({ where: { payoutId: input.payoutId }, select: { id: true } });
    if (!found) return null;
    const w = await lockWithdrawal(tx, found.id);
    // Paid, then returned by the bank: Stripe reports it as failed after all.
    if (w?.status === "PAID" && input.outcome === "failed") {
      const returned = await returnWithdrawal(tx, w, input.reason ?? "the bank returned the payout");
      // The charge given back may have refilled the prepaid balance that waiting withdrawals need.
      const member = await tx.member.findUniqueOrThrow({ where: { id: w.memberId }, select: { program: { select: { providerId: true } } } });
      await releaseFundedWithdrawals(tx, member.program.providerId, w.currency);
      return returned;
    }
    if (!w || w.status !== "PROCESSING") return w;
    return input.outcome === "paid" ? captureWithdrawal(tx, w) : releaseWithdrawal(tx, w, "FAILED", input.reason ?? "the payout failed");
  });
}

/** Requests never confirmed by e-mail give their money back (run by the worker). */
export async function expireUnconfirmedWithdrawals(db: DbOrTx, now = new Date()): Promise<{ expired: number }> {
  const due = await db.withdrawal.findMany({ where: { status: "AWAITING_CONFIRMATION", confirmExpiresAt: { lt: now } }, select: { id: true }, take: 500 });
  let expired = 0;
  for (const { id } of due) {
    const done = await inTransaction(db, async (tx) => {
      const w = await lockWithdrawal(tx, id);
      if (!w || w.status !== "AWAITING_CONFIRMATION") return false;
      await releaseWithdrawal(tx, w, "CANCELED", "the confirmation link expired");
      return true;
    });
    if (done) expired += 1;
  }
  return { expired };
}
