import "server-only";
import type { DbOrTx } from "@/lib/db/client";

export type DigestWindow = { from: Date; to: Date };

/**
 * EXTENSION POINT for outbound webhooks (the branch that adds endpoints, the outbox and its delivery log):
 * the number of failed outbound delivery attempts per program in the digest's window. Until that branch
 * fills it in it returns null, which the digest shows as "not tracked" rather than as zero. Return a map
 * with an entry (possibly 0) for every program once outbound deliveries exist.
 */
export async function countFailedOutboundDeliveries(db: DbOrTx, programIds: string[], window: DigestWindow): Promise<Map<string, number> | null> {
  void db;
  void programIds;
  void window;
  return null;
}
