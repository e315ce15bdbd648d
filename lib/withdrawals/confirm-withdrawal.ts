import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { readyStatus } from "./funding-gate";
import { withdrawalLimits } from "./limits";
import { tokenHash } from "./request-withdrawal";
import { lockWithdrawal, notifyWithdrawal, releaseWithdrawal, WITHDRAWAL_ROW, type WithdrawalRow } from "./transitions";

/**
 * The member opened the e-mailed link (signed in as themselves). Small amounts go to the payout queue at
 * once; larger ones wait for a platform admin. An expired link cancels the request and frees the money.
 */
export async function confirmWithdrawal(db: DbOrTx, input: { userId: string; token: string; now?: Date }): Promise<WithdrawalRow> {
  const now = input.now ?? new Date();
  const found = await db.withdrawal.findUnique({ where: { confirmTokenHash: tokenHash(input.token) }, select: { id: true, userId: true } });
  if (!found || found.userId !== input.userId) throw new DomainError("NOT_FOUND", "This confirmation link is not valid. Open the latest link from your e-mail while signed in.");
  const outcome = await inTransaction(db, async (tx) => {
    const w = await lockWithdrawal(tx, found.id);
    if (!w) throw new DomainError("NOT_FOUND", "This withdrawal no longer exists.");
    if (w.status !== "AWAITING_CONFIRMATION") return w; // a second click changes nothing
    const row = await tx.withdrawal.findUniqueOrThrow({ where: { id: w.id }, select: { confirmExpiresAt: true } });
    if (row.confirmExpiresAt && row.confirmExpiresAt < now) {
      // Committed, then refused: throwing here would roll the release back.
      await releaseWithdrawal(tx, w, "CANCELED", "the confirmation link expired");
      return "expired" as const;
    }
    const next = w.amountMinor > withdrawalLimits().approvalAboveMinor ? "AWAITING_APPROVAL" : await readyStatus(tx, w);
    const updated = await tx.withdrawal.update({ where: { id: w.id }, data: { status: next, confirmTokenHash: null }, select: WITHDRAWAL_ROW });
    await notifyWithdrawal(tx, updated, next);
    return updated;
  });
  if (outcome === "expired") throw new DomainError("CONFLICT", "This confirmation link has expired; the amount is back in your available balance. Start a new withdrawal.");
  return outcome;
}
