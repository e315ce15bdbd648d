import type { DbOrTx } from "@/lib/db/client";
import type { AccountRef } from "./types";

/** The cached balance of an account: one indexed row read. An account never posted to has 0. */
export async function balance(db: DbOrTx, account: AccountRef): Promise<bigint> {
  const row = await db.ledgerAccount.findUnique({
    where: { ownerType_ownerId_kind_currency: { ownerType: account.ownerType, ownerId: account.ownerId, kind: account.kind, currency: account.currency } },
    select: { balance: true },
  });
  return row?.balance ?? 0n;
}

/** Every balance an owner has, keyed by `${kind}:${currency}`. */
export async function balancesOf(db: DbOrTx, owner: { ownerType: AccountRef["ownerType"]; ownerId: string }): Promise<Map<string, bigint>> {
  const rows = await db.ledgerAccount.findMany({ where: { ownerType: owner.ownerType, ownerId: owner.ownerId }, select: { kind: true, currency: true, balance: true } });
  return new Map(rows.map((r) => [`${r.kind}:${r.currency}`, r.balance]));
}

export type MemberBalances = { pending: bigint; available: bigint; held: bigint };

/** Pending, available and held balances of many members at once (one query), keyed by member id. */
export async function memberBalances(db: DbOrTx, memberIds: string[]): Promise<Map<string, MemberBalances>> {
  const out = new Map<string, MemberBalances>(memberIds.map((id) => [id, { pending: 0n, available: 0n, held: 0n }]));
  if (memberIds.length === 0) return out;
  const rows = await db.ledgerAccount.findMany({ where: { ownerType: "MEMBER", ownerId: { in: memberIds } }, select: { ownerId: true, kind: true, balance: true } });
  for (const r of rows) {
    const b = out.get(r.ownerId);
    if (!b) continue;
    if (r.kind === "MEMBER_PENDING") b.pending += r.balance;
    else if (r.kind === "MEMBER_AVAILABLE") b.available += r.balance;
    else if (r.kind === "MEMBER_HELD") b.held += r.balance;
  }
  return out;
}
