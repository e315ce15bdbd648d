import "server-only";
import { db } from "@/lib/db/client";
import type { Currency, RewardStatus } from "@/lib/db/generated/enums";

export type TrackedPurchase = {
  id: string;
  merchantName: string | null;
  amountMinor: bigint;
  currency: Currency;
  date: Date;
  pending: boolean;
  programName: string;
  /** In the program's currency (points for a points program), which may differ from the card payment's. */
  reward: { amountMinor: bigint; currency: Currency; status: RewardStatus } | null;
};

/**
 * The member's most recent card transactions that became purchases, with the cashback each earned. A
 * pending transaction replaced by its posted version is shown once (the one still on the statement). A card
 * payment of a shop order or till sale shows that purchase's cashback (it earned there, not by card).
 */
export async function listTrackedPurchases(userId: string, limit = 10): Promise<TrackedPurchase[]> {
  const rows = await db.bankTransaction.findMany({
    where: {
      linkedAccount: { userId },
      AND: [{ OR: [{ purchaseId: { not: null } }, { matchedPurchaseId: { not: null } }] }, { OR: [{ removedAt: null }, { pending: false }] }],
    },
    orderBy: [{ date: "desc" }, { createdAt: "desc" }],
    take: limit * 2,
    select: { id: true, merchantName: true, date: true, pending: true, purchaseId: true, matchedPurchaseId: true, removedAt: true },
  });
  const earning = (r: { purchaseId: string | null; matchedPurchaseId: string | null }) => r.matchedPurchaseId ?? r.purchaseId;
  const purchaseIds = [
    ...new Set(
      rows.flatMap((r) => {
        const id = earning(r);
        return id ? [id] : [];
      }),
    ),
  ];
  const purchases = await db.purchase.findMany({
    where: { id: { in: purchaseIds } },
    select: { id: true, amountMinor: true, currency: true, program: { select: { name: true } }, reward: { select: { amountMinor: true, currency: true, status: true } } },
  });
  const byId = new Map(purchases.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const out: TrackedPurchase[] = [];
  for (const row of rows) {
    const id = earning(row);
    const purchase = id ? byId.get(id) : undefined;
    if (!purchase || seen.has(purchase.id)) continue;
    seen.add(purchase.id);
    out.push({
      id: row.id,
      merchantName: row.merchantName,
      amountMinor: purchase.amountMinor,
      currency: purchase.currency,
      date: row.date,
      pending: row.pending,
      programName: purchase.program.name,
      reward: purchase.reward,
    });
    if (out.length >= limit) break;
  }
  return out;
}
