import { rawQuery, type DbOrTx } from "@/lib/db/client";

export type RateLimit = { limit: number; windowSeconds: number };
export type RateLimitResult = { ok: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Counts one hit against `key` in a fixed window kept in PostgreSQL (shared by every app instance).
 * One atomic upsert: no read-then-write race between concurrent requests.
 */
export async function consumeRateLimit(db: DbOrTx, key: string, { limit, windowSeconds }: RateLimit): Promise<RateLimitResult> {
  // Runs on every public request: rawQuery keeps it off Prisma outside a transaction.
  const rows = await rawQuery<{ count: number; retry_after: number }>(db, UPSERT_SQL, [key, windowSeconds]);
  const row = rows[0];
  const count = row?.count ?? 1;
  return { ok: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, row?.retry_after ?? windowSeconds) };
}

const UPSERT_SQL = `
  INSERT INTO rate_limit_buckets (key, window_end, count)
  VALUES ($1, now() + make_interval(secs => $2::int), 1)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limit_buckets.window_end <= now() THEN 1 ELSE rate_limit_buckets.count + 1 END,
    window_end = CASE WHEN rate_limit_buckets.window_end <= now() THEN EXCLUDED.window_end ELSE rate_limit_buckets.window_end END
  RETURNING count, CEIL(EXTRACT(EPOCH FROM (window_end - now())))::int AS retry_after`;
