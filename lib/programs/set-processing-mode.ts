import { inTransaction, type DbOrTx } from "@/lib/db/client";
import type { ProcessingMode } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/rewards/actor";
import { reviewReward } from "@/lib/rewards/review-reward";

/**
 * Switches a program between automatic and manual processing. Going manual leaves processed orders alone.
 * Going automatic with purchases still waiting for review is refused unless `processQueue` says to approve
 * them first (held ones stay held: someone flagged them on purpose).
 */
export async function setProcessingMode(db: DbOrTx, input: { programId: string; mode: ProcessingMode; processQueue?: boolean; actor: Actor }) {
  return inTransaction(db, async (tx) => {
    const program = await tx.program.findUnique({ where: { id: input.programId }, select: { processingMode: true } });
    if (!program) throw new DomainError("NOT_FOUND", "That program does not exist.");
    let approved = 0;
    if (input.mode === "AUTOMATIC" && program.processingMode === "MANUAL") {
      const queued = await tx.reward.findMany({ where: { programId: input.programId, status: "PENDING_REVIEW" }, select: { id: true, amountMinor: true }, orderBy: { createdAt: "asc" } });
      if (queued.length > 0 && !input.processQueue) {
        throw new DomainError("CONFLICT", `${queued.length} purchase${queued.length === 1 ? " waits" : "s wait"} in the review queue: process the queue first, or switch and approve them all.`, { field: "processQueue" });
      }
      for (const r of queued) {
        if (r.amountMinor === 0n) continue; // nothing to issue; a reviewer rejects or adjusts it
        await reviewReward(tx, { programId: input.programId, rewardId: r.id, decision: { action: "approve", reason: "queue processed when switching to automatic" }, actor: input.actor });
        approved++;
      }
    }
    await tx.program.update({ where: { id: input.programId }, data: { processingMode: input.mode } });
    return { mode: input.mode, approved };
  }, { timeout: 120_000 });
}
