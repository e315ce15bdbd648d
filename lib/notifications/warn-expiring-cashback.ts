import type { Db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { memberBalances } from "@/lib/ledger";
import { createNotification } from "./create-notification";

export const EXPIRY_WARNING_DAYS = 14;

type Row = { member_id: string; user_id: string; program_name: string; program_slug: string; currency: Currency; expires_on: Date; amount: bigint };

/**
 * Warns members 14 days before available cashback would expire in programs with `expiryMonths` set (the clock
 * starts when it became available, or when expiry was turned on or shortened: lib/expiry): one
 * notification per member and expiry day (dedupeKey), for at most what is still available (what was spent
 * cannot expire).
 */
export async function warnExpiringCashback(db: Db, opts: { now?: Date } = {}): Promise<{ warned: number }> {
  const now = opts.now ?? new Date();
  const rows = await db.$queryRaw<Row[]>`
    SELECT m.id::text AS member_id, m.user_id::text AS user_id, p.name AS program_name, p.slug AS program_slug, rw.currency,
           (greatest(rw.available_at, coalesce(p.expiry_clock_from, rw.available_at)) + make_interval(months => p.expiry_months))::date AS expires_on, sum(rw.amount_minor)::bigint AS amount
      FROM rewards rw
      JOIN programs p ON p.id = rw.program_id
      JOIN members m ON m.id = rw.member_id
      JOIN users u ON u.id = m.user_id
     WHERE p.expiry_months IS NOT NULL AND rw.status = 'AVAILABLE' AND rw.available_at IS NOT NULL AND u.deleted_at IS NULL
       AND greatest(rw.available_at, coalesce(p.expiry_clock_from, rw.available_at)) + make_interval(months => p.expiry_months) > ${now}
       AND greatest(rw.available_at, coalesce(p.expiry_clock_from, rw.available_at)) + make_interval(months => p.expiry_months) <= ${now}::timestamptz + make_interval(days => ${EXPIRY_WARNING_DAYS})
     GROUP BY 1, 2, 3, 4, 5, 6`;
  if (rows.length === 0) return { warned: 0 };
  const balances = await memberBalances(db, [...new Set(rows.map((r) => r.member_id))]);
  let warned = 0;
  for (const row of rows) {
    const available = balances.get(row.member_id)?.available ?? 0n;
    const amount = BigInt(row.amount) < available ? BigInt(row.amount) : available;
    if (amount <= 0n) continue;
    const day = row.expires_on.toISOString().slice(0, 10);
    const created = await createNotification(db, {
      userId: row.user_id,
      kind: "EXPIRING",
      dedupeKey: `expiring:${row.member_id}:${day}`,
      data: { amountMinor: amount.toString(), currency: row.currency, programName: row.program_name, programSlug: row.program_slug, expiresAt: `${day}T00:00:00.000Z` },
    });
    if (created) warned++;
  }
  return { warned };
}
