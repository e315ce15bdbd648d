import { inTransaction, type DbOrTx } from "@/lib/db/client";
import type { PurchaseSource } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/rewards/actor";
import { refundPurchase } from "@/lib/rewards/refund-purchase";
import { claimEventKeys, lockOrder } from "./record-purchase";

export type RefundOutcome = { status: "accepted"; found: boolean } | { status: "duplicate" };

/**
 * Applies a refund event to the order it refunds, once per replay key. A refund for an order not recorded
 * yet (events can arrive out of order) is kept and applied when the order arrives.
 */
export async function recordRefund(
  db: DbOrTx,
  input: { programId: string; source: PurchaseSource; orderId: string; refundMinor: bigint; refundKey: string; eventKeys: string[]; actor: Actor },
): Promise<RefundOutcome> {
  return inTransaction(db, async (tx) => {
    if (!(await claimEventKeys(tx, input.programId, input.eventKeys))) return { status: "duplicate" } as const;
    await lockOrder(tx, input.programId, input.source, input.orderId);
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM purchases WHERE program_id = ${input.programId}::uuid AND source = ${input.source}::"PurchaseSource" AND order_id = ${input.orderId} FOR UPDATE`;
    const id = locked[0]?.id;
    if (!id) {
      if (input.refundMinor > 0n) {
        await tx.earlyRefund.createMany({
          data: [{ programId: input.programId, source: input.source, orderId: input.orderId, refundKey: input.refundKey, refundMinor: input.refundMinor }],
          skipDuplicates: true,
        });
      }
      return { status: "accepted", found: false } as const;
    }
    const purchase = await tx.purchase.findUniqueOrThrow({ where: { id }, select: { id: true, amountMinor: true, refundedMinor: true } });
    await refundPurchase(tx, { purchase, refundMinor: input.refundMinor, refundKey: input.refundKey, actor: input.actor });
    return { status: "accepted", found: true } as const;
  });
}
