import { formatMoney } from "@/lib/money/format";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { Actor } from "./actor";
import { approveLocked } from "./approve-reward";
import { loadProgramSettings } from "./program-settings";
import { REWARD_ROW, lockReward, transition, type RewardRow } from "./postings";

export type ReviewDecision =
  | { action: "approve"; amountMinor?: bigint; reason?: string }
  | { action: "hold"; reason: string }
  | { action: "reject"; reason: string };

const REVIEWABLE = new Set(["PENDING_REVIEW", "HELD"]);

/**
 * A reviewer's decision on a queued reward: approve (optionally adjusting the amount, which needs a reason),
 * hold it for investigation, or reject it with a reason. `programId` scopes the call to one tenant: a reward
 * of another program is "not found".
 */
export async function reviewReward(db: DbOrTx, input: { programId: string; rewardId: string; decision: ReviewDecision; actor: Actor; now?: Date }): Promise<RewardRow> {
  return inTransaction(db, async (tx) => {
    const reward = await lockReward(tx, input.rewardId);
    if (!reward || reward.programId !== input.programId) throw new DomainError("NOT_FOUND", "That reward does not exist.");
    if (!REVIEWABLE.has(reward.status)) throw new DomainError("CONFLICT", `This reward is already ${reward.status.toLowerCase().replace("_", " ")}.`);
    const d = input.decision;
    if (d.action === "hold") {
      if (reward.status === "HELD") return reward;
      return transition(tx, reward, "HELD", { actor: input.actor, reason: d.reason });
    }
    if (d.action === "reject") return transition(tx, reward, "REJECTED", { actor: input.actor, reason: d.reason });
    let toIssue = reward;
    if (d.amountMinor !== undefined && d.amountMinor !== reward.amountMinor) {
      if (d.amountMinor <= 0n) throw new DomainError("VALIDATION", "An adjusted amount must be above zero; reject the reward instead.", { field: "amountMinor" });
      if (!d.reason?.trim()) throw new DomainError("VALIDATION", "Say why the amount is adjusted.", { field: "reason" });
      // The explanation follows the amount: what it is now and why, then what the rules had computed.
      const { explanation } = await tx.reward.findUniqueOrThrow({ where: { id: reward.id }, select: { explanation: true } });
      const adjusted = `Adjusted to ${formatMoney(d.amountMinor, reward.currency)}: ${d.reason.trim()} (the rules gave ${formatMoney(reward.amountMinor, reward.currency)}: ${explanation})`;
      toIssue = await tx.reward.update({ where: { id: reward.id }, data: { amountMinor: d.amountMinor, explanation: adjusted }, select: REWARD_ROW });
    }
    if (toIssue.amountMinor <= 0n) throw new DomainError("VALIDATION", "This reward has no amount: approve it with an amount and a reason, or reject it.", { field: "amountMinor" });
    const program = await loadProgramSettings(tx, reward.programId);
    return approveLocked(tx, toIssue, { program, actor: input.actor, reason: d.reason?.trim() || "approved", now: input.now });
  });
}
