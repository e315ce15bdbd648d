import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork, type Sql } from "@/lib/db/unit-of-work";
import { releaseWith } from "@/lib/ledger";
import type { RedemptionRow } from "./internal";

/** Releases a locked, uncaptured hold whose time is up: the cashback goes back to the member. */
export async function expireLocked(sql: Sql, row: Pick<RedemptionRow, "id" | "hold_id">): Promise<void> {
  await releaseWith(sql, { holdId: BigInt(row.hold_id), idempotencyKey: `redemption:${row.id}:expire`, metadata: { reason: "expired" } });
  sql.write(`UPDATE redemptions SET status = 'EXPIRED', updated_at = now() WHERE id = $1`, [row.id]);
}

const BATCH = 100;

/**
 * Releases every hold not captured by its expiry, and every unused voucher past its validity, in batches
 * claimed with SKIP LOCKED (any number of workers and CLI runs at once; each released exactly once).
 * The worker runs it every minute; `npm run boomerang -- redemptions:expire [--at]` runs it now.
 */
export async function expireRedemptions(db: DbOrTx, opts: { at?: Date } = {}): Promise<{ redemptions: number; vouchers: number }> {
  const at = (opts.at ?? new Date()).toISOString();
  let redemptions = 0;
  let vouchers = 0;
  for (;;) {
    const n = await unitOfWork(db, async (sql) => {
      const due = await sql.query<{ id: string; hold_id: string }>(
        `SELECT id, hold_id::text FROM redemptions WHERE status = 'REQUIRES_CAPTURE' AND expires_at <= $1::timestamptz ORDER BY expires_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [at],
      );
      for (const row of due) await expireLocked(sql, row);
      return due.length;
    });
    redemptions += n;
    if (n < BATCH) break;
  }
  for (;;) {
    const n = await unitOfWork(db, async (sql) => {
      const due = await sql.query<{ id: string; hold_id: string }>(
        `SELECT id, hold_id::text FROM vouchers WHERE status = 'ACTIVE' AND expires_at <= $1::timestamptz ORDER BY expires_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [at],
      );
      for (const v of due) {
        await releaseWith(sql, { holdId: BigInt(v.hold_id), idempotencyKey: `voucher:${v.id}:expire`, metadata: { reason: "voucher expired" } });
        sql.write(`UPDATE vouchers SET status = 'EXPIRED', updated_at = now() WHERE id = $1::uuid`, [v.id]);
      }
      return due.length;
    });
    vouchers += n;
    if (n < BATCH) break;
  }
  return { redemptions, vouchers };
}
