import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { balance, memberAccount } from "@/lib/ledger";
import type { Actor } from "./actor";
import { loadProgramSettings } from "./program-settings";
import { lockReward, postReversal, transition, type RewardRow } from "./postings";

/**
 * A provider reverses what a refund after the hold period left due: it takes at most what the member has
 * available (never below zero) and records the rest as unrecovered (outstanding: recovered from the member's
 * next cashback). Refunds now reverse at once (refundReward); this is for amounts recorded as due before that,
 * which the recovery run (recoverOutstandingAll) also reverses on its own. Audit-logged with who did it.
 */
export async function reverseDueReward(db: DbOrTx, input: { programId: string; rewardId: string; actor: Actor; reason?: string }): Promise<{ reward: RewardRow; recoveredMinor: bigint; unrecoveredMinor: bigint }> {
  return inTransaction(db, async (tx) => {
    const reward = await lockReward(tx, input.rewardId);
    if (!reward || reward.programId !== input.programId) throw new DomainError("NOT_FOUND", "That reward does not exist.");
    if (reward.status !== "AVAILABLE" || reward.reversalDueMinor === 0n) throw new DomainError("CONFLICT", "Nothing is due for reversal on this reward.");
    const program = await loadProgramSettings(tx, reward.programId);
    // Lock the member's available account row so the amount we take cannot be spent meanwhile.
    await tx.$queryRaw`SELECT id FROM ledger_accounts WHERE owner_type = 'MEMBER' AND owner_id = ${reward.memberId} AND kind = 'MEMBER_AVAILABLE' AND currency = ${reward.currency}::"Currency" FOR UPDATE`;
    const available = await balance(tx, memberAccount(reward.memberId, "MEMBER_AVAILABLE", reward.currency));
    const due = reward.reversalDueMinor;
    const take = due < available ? due : available;
    const reason = input.reason?.trim() || "refund after the hold period";
    const posted = take > 0n ? await postReversal(tx, reward, program, "MEMBER_AVAILABLE", take, `reward:${reward.id}:reverse-due:${reward.reversedMinor + reward.unrecoveredMinor}`, reason) : null;
    const amountMinor = reward.amountMinor - due;
    const updated = await transition(tx, reward, amountMinor === 0n ? "REVERSED" : "AVAILABLE", {
      actor: input.actor,
      reason: `${reason}: reversed ${take}${take < due ? `, ${due - take} unrecovered` : ""}`,
      amountMinor: take,
      ledgerTransactionId: posted?.transactionId ?? null,
      data: { amountMinor, reversalDueMinor: 0n, reversedMinor: reward.reversedMinor + take, unrecoveredMinor: reward.unrecoveredMinor + (due - take) },
    });
    return { reward: updated, recoveredMinor: take, unrecoveredMinor: due - take };
  });
}
