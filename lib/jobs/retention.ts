import { runQuery, type Db } from "@/lib/db/client";

// Retention of what anyone on the internet can make the platform write: refused order-event deliveries, guard
// hits and rate-limit buckets; and of the outbound webhook delivery log. Accepted deliveries are the record of rewarded orders and are kept.

const DEFAULT_REFUSED_DELIVERY_DAYS = 30;
const DEFAULT_GUARD_HIT_DAYS = 90;
const DEFAULT_OUTBOUND_WEBHOOK_DAYS = 30;
/** Rows deleted per statement, so a large backlog never holds long locks. */
const BATCH = 5000;

function days(name: string, fallback: number): number {
  const configured = Number(process.env[name]);
  return Number.isSafeInteger(configured) && configured >= 1 && configured <= 3650 ? configured : fallback;
}

export type RetentionPeriods = { refusedDeliveryDays: number; guardHitDays: number; outboundWebhookDays?: number };

/**
 * REFUSED_DELIVERY_RETENTION_DAYS (default 30), GUARD_HIT_RETENTION_DAYS (default 90) and
 * OUTBOUND_WEBHOOK_RETENTION_DAYS (default 30: outbound webhook messages and their delivery log), 1 to 3650.
 */
export function retentionPeriods(): RetentionPeriods {
  return {
    refusedDeliveryDays: days("REFUSED_DELIVERY_RETENTION_DAYS", DEFAULT_REFUSED_DELIVERY_DAYS),
    guardHitDays: days("GUARD_HIT_RETENTION_DAYS", DEFAULT_GUARD_HIT_DAYS),
    outboundWebhookDays: days("OUTBOUND_WEBHOOK_RETENTION_DAYS", DEFAULT_OUTBOUND_WEBHOOK_DAYS),
  };
}

const PRUNE_DELIVERIES_SQL = `DELETE FROM webhook_deliveries WHERE id IN (
  SELECT id FROM webhook_deliveries WHERE status = 'REJECTED' AND created_at < $1::timestamptz LIMIT ${BATCH})`;
const PRUNE_GUARD_HITS_SQL = `DELETE FROM guard_hits WHERE id IN (
  SELECT id FROM guard_hits WHERE created_at < $1::timestamptz LIMIT ${BATCH})`;
// An expired bucket counts as a fresh one on its next hit (countHits in lib/rate-limit/consume.ts), so deleting it changes no answer.
const PRUNE_BUCKETS_SQL = `DELETE FROM rate_limit_buckets WHERE key IN (
  SELECT key FROM rate_limit_buckets WHERE window_end < $1::timestamptz LIMIT ${BATCH})`;

// Outbound webhook messages stop being retried after 3 days; their attempts go with them (ON DELETE CASCADE).
const PRUNE_OUTBOUND_WEBHOOKS_SQL = `DELETE FROM outbound_webhook_messages WHERE id IN (
  SELECT id FROM outbound_webhook_messages WHERE created_at < $1::timestamptz LIMIT ${BATCH})`;

async function pruneAll(db: Db, sql: string, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = await runQuery<{ n: number }>(db, `WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, [before]);
    const n = row?.n ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Deletes refused order-event deliveries and guard hits older than their retention periods, and rate-limit
 * buckets whose window has ended. Idempotent and safe on several workers at once (a row is deleted once).
 */
export async function pruneRetainedRows(db: Db, now = new Date(), periods: RetentionPeriods = retentionPeriods()) {
  const dayMs = 24 * 60 * 60 * 1000;
  const refusedDeliveries = await pruneAll(db, PRUNE_DELIVERIES_SQL, new Date(now.getTime() - periods.refusedDeliveryDays * dayMs));
  const guardHits = await pruneAll(db, PRUNE_GUARD_HITS_SQL, new Date(now.getTime() - periods.guardHitDays * dayMs));
  const rateLimitBuckets = await pruneAll(db, PRUNE_BUCKETS_SQL, now);
  const outboundWebhookDays = periods.outboundWebhookDays ?? DEFAULT_OUTBOUND_WEBHOOK_DAYS;
  const outboundWebhookMessages = await pruneAll(db, PRUNE_OUTBOUND_WEBHOOKS_SQL, new Date(now.getTime() - outboundWebhookDays * dayMs));
  return { refusedDeliveries, guardHits, rateLimitBuckets, outboundWebhookMessages };
}
