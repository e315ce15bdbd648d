import "server-only";
import { db } from "@/lib/db/client";
import type { Currency, RewardStatus } from "@/lib/db/generated/enums";

export type ReceiptRow = {
  id: string;
  programName: string;
  brandColor: string;
  amountMinor: bigint;
  currency: Currency;
  purchasedOn: Date;
  receiptNumber: string | null;
  createdAt: Date;
  reward: { id: string; status: RewardStatus; amountMinor: bigint; explanation: string } | null;
};

/** The user's receipts in every program, newest first, with the status of the reward each one produced. */
export async function listReceipts(userId: string, opts: { take?: number } = {}): Promise<ReceiptRow[]> {
  const receipts = await db.receipt.findMany({
    where: { member: { userId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(opts.take ?? 50, 1), 200),
    select: {
      id: true,
      amountMinor: true,
      currency: true,
      purchasedOn: true,
      receiptNumber: true,
      createdAt: true,
      purchaseId: true,
      program: { select: { name: true, brandColor: true } },
    },
  });
  const purchaseIds = receipts.flatMap((r) => (r.purchaseId ? [r.purchaseId] : []));
  const rewards = purchaseIds.length
    ? await db.reward.findMany({ where: { purchaseId: { in: purchaseIds } }, select: { id: true, purchaseId: true, status: true, amountMinor: true, explanation: true } })
    : [];
  const byPurchase = new Map(rewards.map((r) => [r.purchaseId, r]));
  return receipts.map((r) => {
    const reward = r.purchaseId ? byPurchase.get(r.purchaseId) : undefined;
    return {
      id: r.id,
      programName: r.program.name,
      brandColor: r.program.brandColor,
      amountMinor: r.amountMinor,
      currency: r.currency,
      purchasedOn: r.purchasedOn,
      receiptNumber: r.receiptNumber,
      createdAt: r.createdAt,
      reward: reward ? { id: reward.id, status: reward.status, amountMinor: reward.amountMinor, explanation: reward.explanation } : null,
    };
  });
}
