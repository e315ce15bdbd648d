import type { Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { recordGuardHit } from "@/lib/guards/record-guard-hit";
import { formatMoney } from "@/lib/money/format";
import { findSamePurchase, lockMemberPurchases } from "@/lib/purchases/match-across-sources";
import { SYSTEM } from "@/lib/rewards/actor";
import { lockReward, transition } from "@/lib/rewards/postings";

const SOURCE_LABEL = { WEBHOOK: "online order", REGISTER: "till sale", LINKED_ACCOUNT: "card payment", RECEIPT: "receipt" } as const;

export type SamePurchaseFlag = { purchaseId: string; source: keyof typeof SOURCE_LABEL; orderId: string };

/**
 * A receipt for a purchase Boomerang already knows from another source (the same member's online order, till
 * sale or card payment of the same amount two days apart at most, or whose order id is the receipt number) is
 * flagged to the reviewer: its reward waits as Held (flagged) with the reason, and a RECEIPT_REPLAY guard hit
 * is counted. The reviewer decides; nothing is rejected automatically (docs/money-rules.md).
 */
export async function flagSamePurchase(
  tx: Tx,
  input: { programId: string; memberId: string; purchaseId: string; rewardId: string | null; receiptId: string; amountMinor: bigint; currency: Currency; occurredAt: Date; receiptNumber: string | null },
): Promise<SamePurchaseFlag | null> {
  const same = await unitOfWork(tx, async (sql) => {
    lockMemberPurchases(sql, input.memberId);
    return findSamePurchase(sql, {
      programId: input.programId,
      memberId: input.memberId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      occurredAt: input.occurredAt,
      sources: ["WEBHOOK", "REGISTER", "LINKED_ACCOUNT"],
      refs: input.receiptNumber ? [input.receiptNumber] : [],
      excludeId: input.purchaseId,
    });
  });
  if (!same) return null;
  await tx.purchase.update({ where: { id: input.purchaseId }, data: { duplicateOfId: same.id } });
  const reason = `Possible duplicate: this receipt looks like the ${SOURCE_LABEL[same.source]} ${same.orderId} of ${formatMoney(same.amountMinor, same.currency)} on ${same.occurredAt.toISOString().slice(0, 10)}, which was already rewarded`;
  const reward = input.rewardId ? await lockReward(tx, input.rewardId) : null;
  if (reward && reward.status === "PENDING_REVIEW") await transition(tx, reward, "HELD", { actor: SYSTEM, reason });
  await recordGuardHit(tx, {
    programId: input.programId,
    guard: "RECEIPT_REPLAY",
    subject: input.memberId,
    details: { reason: "same purchase as one already rewarded", receiptId: input.receiptId, rewardId: input.rewardId, matchedPurchaseId: same.id, matchedSource: same.source, matchedOrderId: same.orderId },
  });
  return { purchaseId: same.id, source: same.source, orderId: same.orderId };
}
