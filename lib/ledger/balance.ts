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
