import { counterQuery, type DbOrTx } from "@/lib/db/client";

export type RateLimit = { limit: number; windowSeconds: number };
export type RateLimitResult = { ok: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Counts one hit against `key` in a fixed window kept in PostgreSQL (shared by every app instance).
 * One atomic upsert: no read-then-write race between concurrent requests.
 */
export async function consumeRateLimit(db: DbOrTx, key: string, { limit, windowSeconds }: RateLimit): Promise<RateLimitResult> {
  // Runs on every public request: off Prisma, on the counter pool (no fsync wait while holding the bucket's row).
  const rows = await counterQuery<{ count: number; retry_after: number }>(db, UPSERT_SQL, [key, windowSeconds]);
  return rateLimitResult(rows[0], { limit, windowSeconds });
}

/** The answer for a bucket row returned by bucketUpsertSql (undefined: nothing counted, treated as a first hit). */
export function rateLimitResult(row: { count: number; retry_after: number } | undefined, { limit, windowSeconds }: RateLimit): RateLimitResult {
  const count = row?.count ?? 1;
  return { ok: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, row?.retry_after ?? windowSeconds) };
}

/**
 * The upsert that counts hits: `rows` is a SELECT of (key, window seconds, hits) for the buckets to hit.
 * Returns count (after these hits), retry_after (whole seconds) and window_left_ms.
 */
export function bucketUpsertSql(rows: string): string {
  return `INSERT INTO rate_limit_buckets (key, window_end, count)
  SELECT b.key, now() + make_interval(secs => b.secs), b.hits FROM (${rows}) AS b(key, secs, hits)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limit_buckets.window_end <= now() THEN EXCLUDED.count ELSE rate_limit_buckets.count + EXCLUDED.count END,
    window_end = CASE WHEN rate_limit_buckets.window_end <= now() THEN EXCLUDED.window_end ELSE rate_limit_buckets.window_end END
  RETURNING count, CEIL(EXTRACT(EPOCH FROM (window_end - now())))::int AS retry_after, (EXTRACT(EPOCH FROM (window_end - now())) * 1000)::float8 AS window_left_ms`;
}

const UPSERT_SQL = bucketUpsertSql("SELECT $1::text, $2::int, 1");
