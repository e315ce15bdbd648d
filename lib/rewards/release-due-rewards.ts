import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { postBatchWith } from "@/lib/ledger";
import { releasePosting } from "./postings";
import { recoverOutstandingAll } from "./recover-outstanding";

const DUE_SQL = `
  SELECT id, member_id, currency, amount_minor::text FROM rewards
   WHERE status = 'PENDING' AND available_at <= $1::timestamptz
   ORDER BY available_at LIMIT $2::int FOR UPDATE SKIP LOCKED`;

const MARK_SQL = `
  WITH upd AS (UPDATE rewards SET status = 'AVAILABLE', updated_at = now() WHERE id = ANY($1::uuid[]) RETURNING id)
  INSERT INTO reward_events (reward_id, from_status, to_status, amount_minor, actor_type, actor_id, reason, ledger_transaction_id)
  SELECT u.id, 'PENDING', 'AVAILABLE', u.amount, 'SYSTEM', NULL, 'hold period ended', u.tx
    FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS u(id, amount, tx) JOIN upd ON upd.id = u.id`;

/**
 * Makes every pending reward whose hold period has ended available, in batches of three statements each:
 * the due rewards claimed with FOR UPDATE SKIP LOCKED, their RELEASE postings with every account locked in
 * one global order (postBatchWith), their status and audit events. Any number of workers and CLI runs may
 * run this at once: each reward is released exactly once and none of them deadlocks. Then what members owe back
 * from refunds after the hold period is recovered from what became available (recoverOutstandingAll).
 */
export async function releaseDueRewards(db: DbOrTx, opts: { now?: Date; batchSize?: number } = {}): Promise<{ released: number }> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 200;
  let released = 0;
  for (;;) {
    const n = await unitOfWork(db, async (sql) => {
      const due = await sql.query<{ id: string; member_id: string; currency: Currency; amount_minor: string }>(DUE_SQL, [now.toISOString(), batchSize]);
      if (due.length === 0) return 0;
      const rewards = due.map((r) => ({ id: r.id, memberId: r.member_id, currency: r.currency, amountMinor: BigInt(r.amount_minor) }));
      const posted = await postBatchWith(sql, rewards.map(releasePosting));
      sql.write(MARK_SQL, [rewards.map((r) => r.id), rewards.map((r) => r.amountMinor.toString()), posted.map((p) => p.transactionId.toString())]);
      return due.length;
    });
    released += n;
    if (n < batchSize) {
      await recoverOutstandingAll(db);
      return { released };
    }
  }
}
