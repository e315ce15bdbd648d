import type { Sql } from "@/lib/db/unit-of-work";
import { formatMoney } from "@/lib/money/format";
import type { Actor } from "./actor";
import { keptShare } from "./issue-reward";
import { reversalPosting, transitionWith, type RewardRow } from "./postings";

/**
 * Shrinks the reward of a purchase after a refund, by the money rule for refunds (docs/money-rules.md): the
 * reward keeps the share of the basket that was kept, rounded down, computed from the totals (so two
 * partial refunds leave what one refund of their sum leaves). Inside the hold period the pending reward is
 * reduced or cancelled at once; after it, the reduction is recorded as due and a provider triggers the
 * reversal (reverseDueReward). Unreviewed rewards just shrink. `reward` is locked by the caller.
 */
export function refundReward(
  sql: Sql,
  input: { reward: RewardRow; providerId: string; purchase: { amountMinor: bigint; refundedMinor: bigint }; refundKey: string; actor: Actor },
): RewardRow {
  const { reward, purchase } = input;
  const original = reward.amountMinor + reward.reversedMinor + reward.unrecoveredMinor;
  const target = keptShare(original, purchase.amountMinor, purchase.refundedMinor);
  const stillOwed = reward.amountMinor - reward.reversalDueMinor;
  const reduction = stillOwed - target;
  if (reduction <= 0n) return reward;
  const reason = `order refunded (${formatMoney(purchase.refundedMinor, reward.currency)} of ${formatMoney(purchase.amountMinor, reward.currency)})`;

  switch (reward.status) {
    case "PENDING_REVIEW":
    case "HELD": {
      const amountMinor = reward.amountMinor - reduction;
      const set = { amountMinor, reversedMinor: reward.reversedMinor + reduction };
      return transitionWith(sql, reward, amountMinor === 0n ? "REJECTED" : reward.status, { actor: input.actor, reason, set });
    }
    case "PENDING": {
      const posting = reversalPosting(reward, { providerId: input.providerId }, "MEMBER_PENDING", reduction, `reward:${reward.id}:refund:${input.refundKey}`, reason);
      const amountMinor = reward.amountMinor - reduction;
      const set = { amountMinor, reversedMinor: reward.reversedMinor + reduction };
      return transitionWith(sql, reward, amountMinor === 0n ? "REVERSED" : "PENDING", { actor: input.actor, reason, amountMinor: reduction, posting, set });
    }
    case "AVAILABLE": {
      const set = { reversalDueMinor: reward.reversalDueMinor + reduction };
      return transitionWith(sql, reward, "AVAILABLE", { actor: input.actor, reason: `${reason}; reversal due`, amountMinor: reduction, set });
    }
    default:
      return reward;
  }
}
