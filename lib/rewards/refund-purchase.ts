import type { Tx } from "@/lib/db/client";
import type { Actor } from "./actor";
import { loadProgramSettings } from "./program-settings";
import { lockReward, postReversal, transition, type RewardRow } from "./postings";

/**
 * Records a refund on a purchase and shrinks its reward in proportion (rounded down, in the provider's
 * favour). Inside the hold period the pending reward is reduced or cancelled at once; after it, the
 * reduction is recorded as due and a provider triggers the reversal (reverseDueReward). Unreviewed
 * rewards just shrink. Runs in the caller's transaction; `refundKey` makes the ledger posting idempotent.
 */
export async function refundPurchase(
  tx: Tx,
  input: { purchase: { id: string; amountMinor: bigint; refundedMinor: bigint }; refundMinor: bigint; refundKey: string; actor: Actor },
): Promise<{ refundedMinor: bigint; reward: RewardRow | null }> {
  const { purchase } = input;
  const refundedMinor = purchase.refundedMinor + input.refundMinor > purchase.amountMinor ? purchase.amountMinor : purchase.refundedMinor + input.refundMinor;
  await tx.purchase.update({ where: { id: purchase.id }, data: { refundedMinor } });
  const found = await tx.reward.findUnique({ where: { purchaseId: purchase.id }, select: { id: true } });
  if (!found) return { refundedMinor, reward: null };
  const reward = await lockReward(tx, found.id);
  if (!reward) return { refundedMinor, reward: null };

  const original = reward.amountMinor + reward.reversedMinor + reward.unrecoveredMinor;
  const target = purchase.amountMinor === 0n ? 0n : (original * (purchase.amountMinor - refundedMinor)) / purchase.amountMinor;
  const stillOwed = reward.amountMinor - reward.reversalDueMinor;
  const reduction = stillOwed - target;
  if (reduction <= 0n) return { refundedMinor, reward };
  const reason = `order refunded (${refundedMinor} of ${purchase.amountMinor})`;

  switch (reward.status) {
    case "PENDING_REVIEW":
    case "HELD": {
      const amountMinor = reward.amountMinor - reduction;
      const data = { amountMinor, reversedMinor: reward.reversedMinor + reduction };
      return { refundedMinor, reward: await transition(tx, reward, amountMinor === 0n ? "REJECTED" : reward.status, { actor: input.actor, reason, data }) };
    }
    case "PENDING": {
      const program = await loadProgramSettings(tx, reward.programId);
      const posted = await postReversal(tx, reward, program, "MEMBER_PENDING", reduction, `reward:${reward.id}:refund:${input.refundKey}`, reason);
      const amountMinor = reward.amountMinor - reduction;
      const data = { amountMinor, reversedMinor: reward.reversedMinor + reduction };
      const to = amountMinor === 0n ? "REVERSED" : "PENDING";
      return { refundedMinor, reward: await transition(tx, reward, to, { actor: input.actor, reason, amountMinor: reduction, ledgerTransactionId: posted.transactionId, data }) };
    }
    case "AVAILABLE": {
      const data = { reversalDueMinor: reward.reversalDueMinor + reduction };
      return { refundedMinor, reward: await transition(tx, reward, "AVAILABLE", { actor: input.actor, reason: `${reason}; reversal due`, amountMinor: reduction, data }) };
    }
    default:
      return { refundedMinor, reward };
  }
}
