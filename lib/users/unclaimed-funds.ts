import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";

export type UnclaimedFunds = { currency: Currency; amountMinor: bigint }[];

/**
 * A business's unclaimed funds per currency: what deleted accounts left (docs/money-rules.md, "Deleted
 * accounts"). Only currencies with some are listed.
 */
export async function unclaimedFunds(db: DbOrTx, providerId: string): Promise<UnclaimedFunds> {
  const rows = await db.ledgerAccount.groupBy({
    by: ["currency"],
    where: { ownerType: "PROVIDER", ownerId: providerId, kind: "PROVIDER_UNCLAIMED" },
    _sum: { balance: true },
    orderBy: { currency: "asc" },
  });
  return rows.flatMap((r) => ((r._sum.balance ?? 0n) > 0n ? [{ currency: r.currency, amountMinor: r._sum.balance ?? 0n }] : []));
}
