import "server-only";
import type { ApiKeyCheck } from "@/lib/api-keys/authenticate-api-key";
import type { DbOrTx } from "@/lib/db/client";
import { afterCommit, unitOfWork } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { captureWith, providerAccount } from "@/lib/ledger";
import { balanceOf, isExpired, lockRedemption, notifySpent, settled, viewOf } from "./internal";
import { expireLocked } from "./expire-redemptions";
import type { RedemptionView } from "./schemas";

export const expiredError = () => new DomainError("CONFLICT", "The hold expired before it was captured; the cashback is back with the customer.", { reason: "redemption_expired" });
export const invalidState = (message: string) => new DomainError("CONFLICT", message, { reason: "invalid_state" });

/**
 * Captures a hold (all of it, or `amount` ≤ amountHeld): held → the provider's liability, the rest back to the
 * member at once. Capturing again with the same amount answers the same; a hold that expired or was
 * cancelled is a 409 — an expired one is released on the way, even before the job got to it.
 */
export async function captureRedemption(
  db: DbOrTx,
  input: { programId: string; redemptionId: string; amount?: bigint; now?: Date; apiKey?: ApiKeyCheck },
): Promise<RedemptionView> {
  const now = input.now ?? new Date();
  const outcome = await unitOfWork(db, async (sql) => {
    // The caller's key (a read) leaves with the lock; its refusal is the answer, whatever the lock met.
    const [authenticated, locked] = await Promise.allSettled([input.apiKey?.within(sql), lockRedemption(sql, input.programId, input.redemptionId)]);
    settled(authenticated);
    const row = settled(locked);
    if (row.status === "CANCELED") throw invalidState("The redemption was cancelled; it cannot be captured.");
    if (isExpired(row, now)) {
      if (row.status === "REQUIRES_CAPTURE") await expireLocked(sql, row);
      return "expired" as const;
    }
    const held = BigInt(row.amount_held);
    if (row.status !== "REQUIRES_CAPTURE") {
      if (input.amount === undefined || input.amount === BigInt(row.amount_captured)) return viewOf(row, await balanceOf(sql, row.member_id, row.currency), now);
      throw invalidState(`The redemption was already captured (${row.amount_captured}); it cannot be captured again with another amount.`);
    }
    const amount = input.amount ?? held;
    if (amount > held) throw new DomainError("VALIDATION", `amount: must be at most amountHeld (${held})`, { field: "amount" });
    // The rows, the capture, the balance after it and COMMIT go out together in one round trip. The capture
    // (which locks the provider's liability account, shared by all its members) comes last but for the
    // balance, so that lock is held for PostgreSQL's work only.
    sql.write(`UPDATE redemptions SET status = 'CAPTURED', amount_captured = $2::bigint, captured_at = now(), updated_at = now() WHERE id = $1`, [row.id, amount.toString()]);
    notifySpent(sql, row, { amountMinor: amount, status: "CAPTURED", key: `spent:${row.id}` });
    const captured = captureWith(sql, { holdId: BigInt(row.hold_id), idempotencyKey: `redemption:${row.id}:capture`, to: providerAccount(row.provider_id, "PROVIDER_LIABILITY", row.currency), amount, metadata: { orderId: row.order_id } });
    const balance = balanceOf(sql, row.member_id, row.currency);
    return afterCommit([captured, balance], async () => viewOf({ ...row, status: "CAPTURED", amount_captured: amount.toString() }, await balance, now));
  });
  // After the unit committed: the release of an expired hold stays done.
  if (outcome === "expired") throw expiredError();
  return outcome;
}
