import "server-only";
import type { DbOrTx } from "@/lib/db/client";

export type DigestWindow = { from: Date; to: Date };

/**
 * Failed outbound webhook delivery attempts per program in the digest's window (lib/webhooks-out's delivery
 * log): every program asked for has an entry, 0 when nothing failed.
 */
export async function countFailedOutboundDeliveries(db: DbOrTx, programIds: string[], window: DigestWindow): Promise<Map<string, number>> {
  const counts = new Map(programIds.map((id) => [id, 0]));
  if (!programIds.length) return counts;
  const rows = await db.$queryRaw<{ program_id: string; failed: number }[]>`
    SELECT e.program_id::text AS program_id, count(*)::int AS failed
      FROM outbound_webhook_attempts a JOIN outbound_webhook_endpoints e ON e.id = a.endpoint_id
     WHERE NOT a.ok AND a.created_at >= ${window.from} AND a.created_at < ${window.to}
       AND e.program_id = ANY(${programIds}::uuid[])
     GROUP BY e.program_id`;
  for (const row of rows) counts.set(row.program_id, row.failed);
  return counts;
}
