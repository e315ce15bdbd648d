import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { memberAccount, postWith, providerAccount } from "@/lib/ledger";
import type { Actor } from "@/lib/rewards/actor";
import { invalidState } from "./capture-redemption";
import { claimIdempotencyKey, requestHash, storeIdempotentAnswer } from "./idempotency";
import { balanceOf, lockRedemption, notifySpent, publicId, viewOf } from "./internal";
import type { RefundView } from "./schemas";

/**
 * Gives back part or all of a captured redemption: a new transaction from the provider's liability to the
 * member's available balance. Never more than was captured in total (422 refund_exceeds_captured).
 * Idempotent on the key: a retry answers the original refund.
 */
export async function refundRedemption(
  db: DbOrTx,
  input: { programId: string; redemptionId: string; amount: bigint; idempotencyKey: string; actor: Actor; reason?: string; now?: Date },
): Promise<{ httpStatus: 200 | 201; refund: RefundView }> {
  const now = input.now ?? new Date();
  if (input.amount <= 0n) throw new DomainError("VALIDATION", "amount: must be greater than 0", { field: "amount" });
  return unitOfWork(db, async (sql) => {
    const stored = await claimIdempotencyKey<RefundView>(sql, input.programId, input.idempotencyKey, requestHash(`redemptions.refund:${input.redemptionId}`, { amount: input.amount }));
    if (stored) return { httpStatus: stored.httpStatus === 200 ? 200 : 201, refund: stored.body };
    const row = await lockRedemption(sql, input.programId, input.redemptionId);
    if (row.status !== "CAPTURED" && row.status !== "PARTIALLY_REFUNDED") throw invalidState("Only a captured redemption can be refunded.");
    const captured = BigInt(row.amount_captured);
    const refunded = BigInt(row.amount_refunded) + input.amount;
    if (refunded > captured) {
      throw new DomainError("UNPROCESSABLE", `The refunds would total ${refunded}, more than the ${captured} captured.`, { field: "amount", reason: "refund_exceeds_captured" });
    }
    const id = publicId("rfd");
    const posted = await postWith(sql, {
      idempotencyKey: `redemption:${row.id}:refund:${id}`,
      kind: "REDEEM_REFUND",
      reference: { type: "redemption", id: row.id },
      metadata: { refundId: id, orderId: row.order_id, ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}) },
      entries: [
        { account: providerAccount(row.provider_id, "PROVIDER_LIABILITY", row.currency), amount: -input.amount },
        { account: memberAccount(row.member_id, "MEMBER_AVAILABLE", row.currency), amount: input.amount },
      ],
    });
    const status = refunded === captured ? "REFUNDED" : "PARTIALLY_REFUNDED";
    sql.write(
      `INSERT INTO redemption_refunds (id, redemption_id, amount, reason, ledger_transaction_id, actor_type, actor_id) VALUES ($1, $2, $3::bigint, $4, $5::bigint, $6::"ActorType", $7)`,
      [id, row.id, input.amount.toString(), input.reason?.trim() || null, posted.transactionId.toString(), input.actor.type, input.actor.id ?? null],
    );
    sql.write(`UPDATE redemptions SET status = $2::"RedemptionStatus", amount_refunded = $3::bigint, updated_at = now() WHERE id = $1`, [row.id, status, refunded.toString()]);
    notifySpent(sql, row, { amountMinor: input.amount, status: "REFUNDED", key: `spent-refund:${id}` });
    const redemption = viewOf({ ...row, status, amount_refunded: refunded.toString() }, await balanceOf(sql, row.member_id, row.currency), now);
    const refund: RefundView = { id, amount: Number(input.amount), redemption };
    storeIdempotentAnswer(sql, input.programId, input.idempotencyKey, { httpStatus: 201, body: refund });
    return { httpStatus: 201, refund };
  });
}
