import type { Sql } from "@/lib/db/unit-of-work";
import { formatMoney } from "@/lib/money/format";
import type { Actor } from "./actor";
import { keptShare } from "./issue-reward";
import { reversalPosting, transitionWith, type RewardRow } from "./postings";

/**
 * Shrinks the reward of a purchase after a refund, by the money rule for refunds (docs/money-rules.md): the
 * reward keeps the share of the basket that was kept, rounded down, computed from the totals (so two
 * partial refunds leave what one refund of their sum leaves). Inside the hold period the pending reward is
 * reduced or cancelled at once. After it (docs/money-rules.md, "Refunds after the hold period") the reduction
 * is reversed at once from the member's available balance, never below zero, when the caller passes that
 * balance (`memberAvailableMinor`, read under a lock on the account); what it cannot take stays outstanding
 * (unrecoveredMinor): it cannot be withdrawn and is recovered from the member's next cashback in the program
 * (recoverOutstanding). Without the balance the reduction is only recorded as due, for the next recovery run.
 * Expired cashback already went back to the provider and is not reversed again. Unreviewed rewards just
 * shrink. `reward` is locked by the caller.
 */
export function refundReward(
  sql: Sql,
  input: {
    reward: RewardRow;
    providerId: string;
    purchase: { amountMinor: bigint; refundedMinor: bigint };
    refundKey: string;
    actor: Actor;
    memberAvailableMinor?: bigint;
  },
): RewardRow {
  const { reward, purchase } = input;
  const original = reward.amountMinor + reward.reversedMinor + reward.unrecoveredMinor + (reward.expiredMinor ?? 0n);
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
    case "AVAILABLE":
    case "EXPIRED": {
      const available = input.memberAvailableMinor;
      if (available === undefined) {
        const set = { reversalDueMinor: reward.reversalDueMinor + reduction };
        return transitionWith(sql, reward, reward.status, { actor: input.actor, reason: `${reason}; reversal due`, amountMinor: reduction, set });
      }
      const take = reduction < available ? reduction : available > 0n ? available : 0n;
      const posting = take > 0n ? reversalPosting(reward, { providerId: input.providerId }, "MEMBER_AVAILABLE", take, `reward:${reward.id}:refund:${input.refundKey}`, reason) : undefined;
      const amountMinor = reward.amountMinor - reduction;
      const set = { amountMinor, reversedMinor: reward.reversedMinor + take, unrecoveredMinor: reward.unrecoveredMinor + (reduction - take) };
      const note = take < reduction ? `; ${formatMoney(reduction - take, reward.currency)} outstanding, recovered from the member's next cashback` : "";
      return transitionWith(sql, reward, amountMinor === 0n ? "REVERSED" : reward.status, { actor: input.actor, reason: `${reason}${note}`, amountMinor: take, posting, set });
    }
    default:
      return reward;
  }
}
