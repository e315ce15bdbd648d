import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { releaseWith } from "@/lib/ledger";
import type { Actor } from "@/lib/rewards/actor";
import { expiredError, invalidState } from "./capture-redemption";
import { expireLocked } from "./expire-redemptions";
import { balanceOf, isExpired, lockRedemption, viewOf } from "./internal";
import type { RedemptionView } from "./schemas";

/**
 * Cancels an uncaptured hold: the whole amount goes back to the member at once. Repeatable; after a capture
 * it is a 409 invalid_state (refund instead), after expiry 409 redemption_expired.
 */
export async function cancelRedemption(db: DbOrTx, input: { programId: string; redemptionId: string; actor: Actor; reason?: string; now?: Date }): Promise<RedemptionView> {
  const now = input.now ?? new Date();
  const outcome = await unitOfWork(db, async (sql) => {
    const row = await lockRedemption(sql, input.programId, input.redemptionId);
    if (row.status === "CANCELED") return viewOf(row, await balanceOf(sql, row.member_id, row.currency), now);
    if (isExpired(row, now)) {
      if (row.status === "REQUIRES_CAPTURE") await expireLocked(sql, row);
      return "expired" as const;
    }
    if (row.status !== "REQUIRES_CAPTURE") throw invalidState("The redemption was captured; refund it instead of cancelling.");
    await releaseWith(sql, {
      holdId: BigInt(row.hold_id),
      idempotencyKey: `redemption:${row.id}:cancel`,
      metadata: { reason: input.reason?.trim() || "cancelled", actor: `${input.actor.type}${input.actor.id ? `:${input.actor.id}` : ""}` },
    });
    sql.write(`UPDATE redemptions SET status = 'CANCELED', canceled_at = now(), updated_at = now() WHERE id = $1`, [row.id]);
    return viewOf({ ...row, status: "CANCELED" }, await balanceOf(sql, row.member_id, row.currency), now);
  });
  if (outcome === "expired") throw expiredError();
  return outcome;
}
