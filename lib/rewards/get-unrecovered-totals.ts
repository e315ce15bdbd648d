import "server-only";
import { db, type DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";

/**
 * What members of a provider's programs still owe back from refunds after the hold period, per currency: it is
 * recovered from their next cashback (docs/money-rules.md, "Refunds after the hold period"). Shown on the
 * business's overview and billing pages.
 */
export async function getUnrecoveredTotals(providerId: string, client: DbOrTx = db): Promise<{ currency: Currency; amountMinor: bigint; orders: number }[]> {
  const rows = await client.$queryRaw<{ currency: Currency; amount: bigint; orders: bigint }[]>`
    SELECT r.currency, sum(r.unrecovered_minor + r.reversal_due_minor)::bigint AS amount, count(*)::bigint AS orders
      FROM rewards r JOIN programs p ON p.id = r.program_id
     WHERE p.provider_id = ${providerId}::uuid AND (r.unrecovered_minor > 0 OR r.reversal_due_minor > 0)
     GROUP BY r.currency ORDER BY r.currency`;
  return rows.map((r) => ({ currency: r.currency, amountMinor: r.amount, orders: Number(r.orders) }));
}
