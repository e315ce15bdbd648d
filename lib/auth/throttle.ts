import type { DbOrTx } from "@/lib/db/client";

/**
 * Failed sign-in attempts slow the next one down instead of locking the account: after `free` failures each
 * further failure doubles the wait (1 s, 2 s, 4 s … up to 15 minutes). Only failures count; a day without
 * one forgets them.
 */
export type ThrottlePolicy = { free: number };

export const MAX_WAIT_SECONDS = 15 * 60;
const FORGET_AFTER_SECONDS = 24 * 60 * 60;

export function waitAfter(failures: number, { free }: ThrottlePolicy): number {
  if (failures < free) return 0;
  return Math.min(2 ** (failures - free), MAX_WAIT_SECONDS);
}

/** Seconds until `key` may try again (0: now). */
export async function throttleWait(db: DbOrTx, key: string, policy: ThrottlePolicy, now = new Date()): Promise<number> {
  const row = await db.signInThrottle.findUnique({ where: { key } });
  if (!row) return 0;
  const sinceSeconds = (now.getTime() - row.lastFailureAt.getTime()) / 1000;
  if (sinceSeconds >= FORGET_AFTER_SECONDS) return 0;
  return Math.max(0, Math.ceil(waitAfter(row.failures, policy) - sinceSeconds));
}

/** Counts one failure against each key, in one statement. */
export async function recordFailures(db: DbOrTx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.$executeRaw`
    INSERT INTO sign_in_throttles (key, failures, last_failure_at)
    SELECT k, 1, now() FROM unnest(${keys}::text[]) AS k
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN sign_in_throttles.last_failure_at < now() - make_interval(secs => ${FORGET_AFTER_SECONDS}) THEN 1 ELSE sign_in_throttles.failures + 1 END,
      last_failure_at = now()`;
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}
