import type { DbOrTx } from "@/lib/db/client";
import { countHits, type RateLimit, type RateLimitResult } from "./consume";

/**
 * Rate limits for keys that every request of a busy client hits (an API key, an order-event sender, a
 * program's events). Counting each request with its own upsert makes every request queue on one row; here
 * each app instance claims hits in blocks of limit ÷ 50 (at least one) with the same upsert, and hands them
 * out from memory until the block is used or the window ends. The window and the count stay in PostgreSQL,
 * shared by every instance:
 *   - nobody ever gets past the limit: a claim is granted only what is left of it;
 *   - one instance counts exactly; with several, hits one instance claimed and has not used yet are not
 *     available to the others, so a client can be refused up to (block − 1) hits per other instance early.
 * A window found used up is remembered until it ends, so a refused client costs no statement either.
 */
const LEASE_SHARE = 50;
const MAX_LEASES = 10_000;

type Lease = { limit: number; windowSeconds: number; left: number; exhausted: boolean; windowEnd: number };

/** How many hits one claim asks for. */
export function leaseBlock(limit: number): number {
  return Math.max(1, Math.floor(limit / LEASE_SHARE));
}

export type Leases = { consume(db: DbOrTx, key: string, limit: RateLimit): Promise<RateLimitResult> };

/** One instance's leases (the app has one, `consumeLeased`; tests make several to play several instances). */
export function createLeases(): Leases {
  const leases = new Map<string, Lease>();
  const claims = new Map<string, Promise<void>>();

  async function claimBlock(db: DbOrTx, key: string, { limit, windowSeconds }: RateLimit): Promise<void> {
    const block = leaseBlock(limit);
    const row = await countHits(db, key, windowSeconds, block);
    const count = row?.count ?? block;
    const granted = Math.max(0, Math.min(block, limit - (count - block)));
    const windowEnd = Date.now() + Math.max(0, row?.window_left_ms ?? windowSeconds * 1000);
    if (leases.size >= MAX_LEASES && !leases.has(key)) prune();
    leases.set(key, { limit, windowSeconds, left: granted, exhausted: granted < block, windowEnd });
  }

  /** Drops leases whose window has ended; past the bound even so, the oldest half (their hits are counted already). */
  function prune(): void {
    const now = Date.now();
    for (const [key, lease] of leases) if (lease.windowEnd <= now) leases.delete(key);
    let drop = leases.size >= MAX_LEASES ? Math.floor(leases.size / 2) : 0;
    for (const key of leases.keys()) {
      if (drop-- <= 0) break;
      leases.delete(key);
    }
  }

  return {
    async consume(db, key, limit) {
      for (;;) {
        const now = Date.now();
        const lease = leases.get(key);
        if (lease && lease.windowEnd > now && lease.limit === limit.limit && lease.windowSeconds === limit.windowSeconds) {
          const retryAfterSeconds = Math.max(1, Math.ceil((lease.windowEnd - now) / 1000));
          if (lease.left > 0) {
            lease.left -= 1;
            return { ok: true, remaining: lease.left, retryAfterSeconds };
          }
          if (lease.exhausted) return { ok: false, remaining: 0, retryAfterSeconds };
        }
        // One claim per key at a time: the others wait for it and take from what it brought.
        const pending = claims.get(key);
        if (pending) {
          await pending;
          continue;
        }
        const claim = claimBlock(db, key, limit);
        claims.set(
          key,
          claim.then(
            () => undefined,
            () => undefined,
          ),
        );
        try {
          await claim;
        } finally {
          claims.delete(key);
        }
      }
    },
  };
}

const instance = createLeases();

/** Counts one hit against `key` (as consumeRateLimit does), from this instance's claimed block when it has one. */
export function consumeLeased(db: DbOrTx, key: string, limit: RateLimit): Promise<RateLimitResult> {
  return instance.consume(db, key, limit);
}
