import type { DbOrTx } from "@/lib/db/client";
import type { AccountRef } from "./types";

export type HistoryItem = {
  entryId: bigint;
  transactionId: bigint;
  kind: string;
  amount: bigint;
  currency: string;
  balanceAfter: bigint;
  reference: { type: string; id: string } | null;
  metadata: unknown;
  /** When the event happened; createdAt is when it was posted. */
  effectiveAt: Date;
  createdAt: Date;
};

/**
 * An account's entries, newest first, `limit` at a time. Pass the returned `nextCursor` to get the next page;
 * it is null on the last page. Keyset pagination, so a page costs the same however deep it is.
 */
export async function history(db: DbOrTx, account: AccountRef, opts: { cursor?: bigint | null; limit?: number } = {}) {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  // A provider's liability spans shards: its history is theirs together (balanceAfter is then the shard's).
  const found = await db.ledgerAccount.findMany({
    where: { ownerType: account.ownerType, ownerId: account.ownerId, kind: account.kind, currency: account.currency },
    select: { id: true },
  });
  if (found.length === 0) return { items: [] as HistoryItem[], nextCursor: null };
  const rows = await db.ledgerEntry.findMany({
    where: { accountId: found.length === 1 ? found[0]!.id : { in: found.map((a) => a.id) }, ...(opts.cursor ? { id: { lt: opts.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: {
      id: true,
      amount: true,
      currency: true,
      balanceAfter: true,
      createdAt: true,
      transaction: { select: { id: true, kind: true, referenceType: true, referenceId: true, metadata: true, effectiveAt: true } },
    },
  });
  const page = rows.slice(0, limit);
  const items: HistoryItem[] = page.map((r) => ({
    entryId: r.id,
    transactionId: r.transaction.id,
    kind: r.transaction.kind,
    amount: r.amount,
    currency: r.currency,
    balanceAfter: r.balanceAfter,
    reference: r.transaction.referenceType && r.transaction.referenceId ? { type: r.transaction.referenceType, id: r.transaction.referenceId } : null,
    metadata: r.transaction.metadata,
    effectiveAt: r.transaction.effectiveAt,
    createdAt: r.createdAt,
  }));
  return { items, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
