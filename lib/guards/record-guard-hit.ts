import { counterQuery, type DbOrTx } from "@/lib/db/client";
import type { GuardKind } from "@/lib/db/generated/enums";
import type { Json } from "@/lib/ledger";

/**
 * Counts one guard hit for the dashboard. Record refusals with the root client (not a transaction that is
 * about to roll back), and routings to review inside the transaction that routes.
 */
export async function recordGuardHit(db: DbOrTx, hit: { programId?: string | null; guard: GuardKind; subject?: string; details?: { [key: string]: Json } }): Promise<void> {
  await db.guardHit.create({ data: { programId: hit.programId ?? null, guard: hit.guard, subject: hit.subject, details: hit.details ?? {} } });
}

/** The hour a hit is aggregated into (UTC, "2026-12-07T01"). */
export const hourOf = (at: Date) => at.toISOString().slice(0, 13);

const AGGREGATED_HIT_SQL = `INSERT INTO guard_hits (program_id, guard, subject, details, aggregate_key)
  VALUES ($1::uuid, $2::"GuardKind", $3::text, $4::jsonb, $5::text)
  ON CONFLICT (aggregate_key) DO UPDATE SET hits = guard_hits.hits + 1, details = EXCLUDED.details, created_at = now()
  RETURNING hits`;

/**
 * Counts a hit from a request nobody authenticated (a bad signature from some address): one row per program,
 * guard, subject and hour whose `hits` grows, so junk cannot grow the table however much is sent.
 */
export async function recordAggregatedGuardHit(
  db: DbOrTx,
  hit: { programId: string; guard: GuardKind; subject: string; details?: { [key: string]: Json } },
  now = new Date(),
): Promise<void> {
  const key = [hit.programId, hit.guard, hit.subject.slice(0, 100), hourOf(now)].join("|");
  // A hot counter row under a flood: the counter pool (see counterQuery).
  await counterQuery(db, AGGREGATED_HIT_SQL, [hit.programId, hit.guard, hit.subject.slice(0, 100), JSON.stringify(hit.details ?? {}), key]);
}

/** Hits per guard since `since`; an aggregated row counts as the hits it stands for. */
export async function countGuardHits(db: DbOrTx, programId: string, since: Date) {
  const rows = await db.guardHit.groupBy({ by: ["guard"], where: { programId, createdAt: { gte: since } }, _sum: { hits: true } });
  return Object.fromEntries(rows.map((r) => [r.guard, r._sum.hits ?? 0])) as Partial<Record<GuardKind, number>>;
}
