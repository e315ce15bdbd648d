import "server-only";
import type { Db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { RECONCILE_LEDGER } from "@/lib/jobs/schedules";
import { requestJob } from "@/lib/jobs/request-job";
import type { Actor } from "@/lib/rewards/actor";

/** An admin asks for a ledger reconciliation now: the `ledger.reconcile` job is queued and the request audited. */
export async function requestReconciliation(db: Db, input: { actor: Actor; reason: string }): Promise<{ queued: boolean; jobId: string | null }> {
  const queued = await requestJob(RECONCILE_LEDGER);
  await db.$transaction((tx) =>
    recordAudit(tx, { actor: input.actor, action: "ledger.reconcile.request", target: queued.jobId ? { type: "job", id: queued.jobId } : null, reason: input.reason }),
  );
  return queued;
}
