import { counterQuery, type DbOrTx } from "@/lib/db/client";

export type RateLimit = { limit: number; windowSeconds: number };
export type RateLimitResult = { ok: boolean; remaining: number; retryAfterSeconds: number };

/** A bucket after hits were counted: the count in its window, whole seconds left, and milliseconds left. */
export type BucketRow = { count: number; retry_after: number; window_left_ms: number };

// One atomic upsert: no read-then-write race between concurrent requests. A window that has ended starts
// again with these hits.
const COUNT_HITS_SQL = `INSERT INTO rate_limit_buckets (key, window_end, count)
  VALUES ($1::text, now() + make_interval(secs => $2::int), $3::int)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limit_buckets.window_end <= now() THEN EXCLUDED.count ELSE rate_limit_buckets.count + EXCLUDED.count END,
    window_end = CASE WHEN rate_limit_buckets.window_end <= now() THEN EXCLUDED.window_end ELSE rate_limit_buckets.window_end END
  RETURNING count, CEIL(EXTRACT(EPOCH FROM (window_end - now())))::int AS retry_after, (EXTRACT(EPOCH FROM (window_end - now())) * 1000)::float8 AS window_left_ms`;

/**
 * Counts `hits` against `key` in a fixed window kept in PostgreSQL (shared by every app instance). Runs on
 * every public request: off Prisma, on the counter pool (no fsync wait while holding the bucket's row).
 */
export async function countHits(db: DbOrTx, key: string, windowSeconds: number, hits: number): Promise<BucketRow | undefined> {
  const [row] = await counterQuery<BucketRow>(db, COUNT_HITS_SQL, [key, windowSeconds, hits]);
  return row;
}

/** Counts one hit against `key`: refused past `limit` hits in the window, with the seconds until it ends. */
export async function consumeRateLimit(db: DbOrTx, key: string, { limit, windowSeconds }: RateLimit): Promise<RateLimitResult> {
  const row = await countHits(db, key, windowSeconds, 1);
  const count = row?.count ?? 1;
  return { ok: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, row?.retry_after ?? windowSeconds) };
}
