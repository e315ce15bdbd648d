import type { Db, DbOrTx } from "@/lib/db/client";
import type { RewardStatus } from "@/lib/db/generated/enums";
import { DomainError, type ErrorCode } from "@/lib/errors";
import type { Actor } from "./actor";
import { reviewReward, type ReviewDecision } from "./review-reward";

export type ReviewOutcome = { rewardId: string; ok: true; status: RewardStatus } | { rewardId: string; ok: false; code: ErrorCode; message: string };

/** Which of `rewardIds` belong to a program of `providerId`, with that program: the tenant check for reward actions. */
export async function rewardProgramsOf(db: DbOrTx, providerId: string, rewardIds: readonly string[]): Promise<Map<string, string>> {
  const owned = await db.reward.findMany({ where: { id: { in: [...rewardIds] }, program: { providerId } }, select: { id: true, programId: true } });
  return new Map(owned.map((r) => [r.id, r.programId]));
}

/**
 * One review decision over one or many queued rewards, each in its own transaction so one failure (already
 * decided, no amount) does not undo the others. Rewards of another provider are reported as not found.
 */
export async function reviewRewardsBulk(db: Db, input: { providerId: string; rewardIds: readonly string[]; decision: ReviewDecision; actor: Actor }): Promise<ReviewOutcome[]> {
  const ids = [...new Set(input.rewardIds)];
  const programOf = await rewardProgramsOf(db, input.providerId, ids);
  const outcomes: ReviewOutcome[] = [];
  // One at a time: each locks its reward and posts to the provider's ledger accounts, which would only contend.
  for (const rewardId of ids) {
    const programId = programOf.get(rewardId);
    if (!programId) {
      outcomes.push({ rewardId, ok: false, code: "NOT_FOUND", message: "That reward does not exist." });
      continue;
    }
    try {
      const reward = await reviewReward(db, { programId, rewardId, decision: input.decision, actor: input.actor });
      outcomes.push({ rewardId, ok: true, status: reward.status });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({ rewardId, ok: false, code: error.code, message: error.message });
    }
  }
  return outcomes;
}
