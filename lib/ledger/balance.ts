import type { DbOrTx } from "@/lib/db/client";
import type { AccountRef } from "./types";

/**
 * The cached balance of an account: the sum over its shards (a provider's liability has up to 16, every
 * other account one), one indexed read. An account never posted to has 0.
 */
export async function balance(db: DbOrTx, account: AccountRef): Promise<bigint> {
  const rows = await db.ledgerAccount.findMany({
    where: { ownerType: account.ownerType, ownerId: account.ownerId, kind: account.kind, currency: account.currency },
    select: { balance: true },
  });
  return rows.reduce((sum, row) => sum + row.balance, 0n);
}

/** Every balance an owner has (shards summed), keyed by `${kind}:${currency}`. */
export async function balancesOf(db: DbOrTx, owner: { ownerType: AccountRef["ownerType"]; ownerId: string }): Promise<Map<string, bigint>> {
  const rows = await db.ledgerAccount.findMany({ where: { ownerType: owner.ownerType, ownerId: owner.ownerId }, select: { kind: true, currency: true, balance: true } });
  const out = new Map<string, bigint>();
  for (const r of rows) out.set(`${r.kind}:${r.currency}`, (out.get(`${r.kind}:${r.currency}`) ?? 0n) + r.balance);
  return out;
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
