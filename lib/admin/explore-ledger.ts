import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, LedgerAccountKind, LedgerOwnerType, LedgerTransactionKind } from "@/lib/db/generated/enums";

export type ExploredAccount = {
  id: string;
  ownerType: LedgerOwnerType;
  ownerId: string;
  kind: LedgerAccountKind;
  currency: Currency;
  /** A provider's liability is spread over shards (0–15); every other account has only 0. */
  shard: number;
  balance: bigint;
  recent: { entryId: string; transactionId: string; kind: LedgerTransactionKind; amount: bigint; balanceAfter: bigint; createdAt: Date }[];
};

/** An owner's ledger accounts (member id, provider id, or "platform"), each with its newest entries. */
export async function exploreLedgerOwner(db: DbOrTx, params: { ownerType: LedgerOwnerType; ownerId: string; entries?: number }): Promise<ExploredAccount[]> {
  const accounts = await db.ledgerAccount.findMany({ where: { ownerType: params.ownerType, ownerId: params.ownerId.trim() }, orderBy: [{ currency: "asc" }, { kind: "asc" }, { shard: "asc" }] });
  return Promise.all(
    accounts.map(async (a) => {
      const entries = await db.ledgerEntry.findMany({
        where: { accountId: a.id },
        orderBy: { id: "desc" },
        take: Math.min(Math.max(params.entries ?? 10, 1), 100),
        select: { id: true, transactionId: true, amount: true, balanceAfter: true, createdAt: true, transaction: { select: { kind: true } } },
      });
      return {
        id: a.id.toString(),
        ownerType: a.ownerType,
        ownerId: a.ownerId,
        kind: a.kind,
        currency: a.currency,
        shard: a.shard,
        balance: a.balance,
        recent: entries.map((e) => ({ entryId: e.id.toString(), transactionId: e.transactionId.toString(), kind: e.transaction.kind, amount: e.amount, balanceAfter: e.balanceAfter, createdAt: e.createdAt })),
      };
    }),
  );
}

export type ExploredTransaction = {
  id: string;
  kind: LedgerTransactionKind;
  idempotencyKey: string;
  reference: { type: string; id: string } | null;
  metadata: unknown;
  effectiveAt: Date;
  createdAt: Date;
  reverses: string | null;
  reversedBy: string | null;
  entries: { id: string; account: { id: string; ownerType: LedgerOwnerType; ownerId: string; kind: LedgerAccountKind }; amount: bigint; currency: Currency; balanceAfter: bigint }[];
};

/** One ledger transaction with its entries and what caused it (its reference, metadata and reversal links); null if unknown. */
export async function getLedgerTransaction(db: DbOrTx, params: { transactionId: string }): Promise<ExploredTransaction | null> {
  if (!/^\d{1,18}$/.test(params.transactionId)) return null;
  const t = await db.ledgerTransaction.findUnique({
    where: { id: BigInt(params.transactionId) },
    include: { entries: { orderBy: { id: "asc" }, include: { account: true } }, reversal: { select: { id: true } } },
  });
  if (!t) return null;
  return {
    id: t.id.toString(),
    kind: t.kind,
    idempotencyKey: t.idempotencyKey,
    reference: t.referenceType && t.referenceId ? { type: t.referenceType, id: t.referenceId } : null,
    metadata: t.metadata,
    effectiveAt: t.effectiveAt,
    createdAt: t.createdAt,
    reverses: t.reversesId?.toString() ?? null,
    reversedBy: t.reversal?.id.toString() ?? null,
    entries: t.entries.map((e) => ({
      id: e.id.toString(),
      account: { id: e.account.id.toString(), ownerType: e.account.ownerType, ownerId: e.account.ownerId, kind: e.account.kind },
      amount: e.amount,
      currency: e.currency,
      balanceAfter: e.balanceAfter,
    })),
  };
}
