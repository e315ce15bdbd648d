import type { DbOrTx } from "@/lib/db/client";
import type { GuardKind } from "@/lib/db/generated/enums";
import type { Json } from "@/lib/ledger";

/**
 * Counts one guard hit for the dashboard. Record refusals with the root client (not a transaction that is
 * about to roll back), and routings to review inside the transaction that routes.
 */
export async function recordGuardHit(db: DbOrTx, hit: { programId?: string | null; guard: GuardKind; subject?: string; details?: { [key: string]: Json } }): Promise<void> {
  await db.guardHit.create({ data: { programId: hit.programId ?? null, guard: hit.guard, subject: hit.subject, details: hit.details ?? {} } });
}

export async function countGuardHits(db: DbOrTx, programId: string, since: Date) {
  const rows = await db.guardHit.groupBy({ by: ["guard"], where: { programId, createdAt: { gte: since } }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.guard, r._count._all])) as Partial<Record<GuardKind, number>>;
}
