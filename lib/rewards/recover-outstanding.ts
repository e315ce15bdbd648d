import { inTransaction, type DbOrTx, type Tx } from "@/lib/db/client";
import { balance, memberAccount } from "@/lib/ledger";
import { formatMoney } from "@/lib/money/format";
import type { Actor } from "./actor";
import { postReversal, REWARD_ROW, transition } from "./postings";

const SYSTEM: Actor = { type: "SYSTEM" };

/**
 * What a member still owes back in a program: refunds after the hold period that could not be reversed from
 * the available balance (unrecoveredMinor), and reductions recorded as due and not reversed yet. This part of
 * the available balance is not the member's to withdraw (docs/money-rules.md, "Refunds after the hold period").
 */
export async function outstandingMinor(db: DbOrTx, memberId: string): Promise<bigint> {
  const [row] = await db.$queryRaw<{ sum: bigint }[]>`
    SELECT COALESCE(sum(unrecovered_minor + reversal_due_minor), 0)::bigint AS sum FROM rewards
     WHERE member_id = ${memberId}::uuid AND (unrecovered_minor > 0 OR reversal_due_minor > 0)`;
  return row?.sum ?? 0n;
}

/**
 * Takes what a member owes back in a program (see outstandingMinor) out of the available balance, oldest
 * refund first, never below zero: every reward keeps an audit event and a REVERSE posting for what it got
 * back. Run under the caller's transaction (a withdrawal does it before holding money) or on its own (after
 * releases). The member's available account is locked first, so nothing spends the amount meanwhile.
 */
export async function recoverOutstanding(db: DbOrTx, memberId: string, actor: Actor = SYSTEM): Promise<{ recoveredMinor: bigint }> {
  return inTransaction(db, (tx) => recoverWith(tx, memberId, actor));
}

async function recoverWith(tx: Tx, memberId: string, actor: Actor): Promise<{ recoveredMinor: bigint }> {
  // Rewards locked by id, then the balance: the order every other writer of both takes them in.
  const locked = await tx.$queryRaw<{ id: string; currency: string; provider_id: string; since: Date }[]>`
    SELECT r.id, r.currency::text, p.provider_id, r.updated_at AS since FROM rewards r JOIN programs p ON p.id = r.program_id
     WHERE r.member_id = ${memberId}::uuid AND (r.unrecovered_minor > 0 OR r.reversal_due_minor > 0)
     ORDER BY r.id FOR UPDATE OF r`;
  const ids = [...locked].sort((a, b) => a.since.getTime() - b.since.getTime() || a.id.localeCompare(b.id));
  if (ids.length === 0) return { recoveredMinor: 0n };
  const currency = ids[0]!.currency;
  await tx.$queryRaw`SELECT id FROM ledger_accounts WHERE owner_type = 'MEMBER' AND owner_id = ${memberId} AND kind = 'MEMBER_AVAILABLE' AND currency = ${currency}::"Currency" FOR UPDATE`;
  const rewards = await tx.reward.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: REWARD_ROW });
  let available = await balance(tx, memberAccount(memberId, "MEMBER_AVAILABLE", rewards[0]!.currency));
  let recovered = 0n;
  for (const { id, provider_id: providerId } of ids) {
    const reward = rewards.find((r) => r.id === id)!;
    // A reduction recorded as due becomes outstanding: it is taken now as far as the balance allows.
    const owed = reward.unrecoveredMinor + reward.reversalDueMinor;
    const take = owed < available ? owed : available;
    if (take <= 0n && reward.reversalDueMinor === 0n) continue;
    const amountMinor = reward.amountMinor - reward.reversalDueMinor;
    const reason = `refund after the hold period: ${formatMoney(take, reward.currency)} recovered from the member's balance`;
    const posted = take > 0n ? await postReversal(tx, reward, { providerId }, "MEMBER_AVAILABLE", take, `reward:${reward.id}:recover:${reward.reversedMinor}`, reason) : null;
    await transition(tx, reward, amountMinor === 0n && reward.status === "AVAILABLE" ? "REVERSED" : reward.status, {
      actor,
      reason: take < owed ? `${reason}; ${formatMoney(owed - take, reward.currency)} still outstanding` : reason,
      amountMinor: take,
      ledgerTransactionId: posted?.transactionId ?? null,
      data: { amountMinor, reversalDueMinor: 0n, reversedMinor: reward.reversedMinor + take, unrecoveredMinor: owed - take },
    });
    available -= take;
    recovered += take;
  }
  return { recoveredMinor: recovered };
}

/**
 * Recovers outstanding amounts for every member who has some and has money available again (new cashback
 * released, a redemption refunded). Run after each release run; safe to run any number of times.
 */
export async function recoverOutstandingAll(db: DbOrTx): Promise<{ members: number; recoveredMinor: bigint }> {
  const members = await db.$queryRaw<{ member_id: string }[]>`
    SELECT DISTINCT r.member_id::text FROM rewards r
      JOIN ledger_accounts a ON a.owner_type = 'MEMBER' AND a.owner_id = r.member_id::text AND a.kind = 'MEMBER_AVAILABLE' AND a.currency = r.currency
     WHERE (r.unrecovered_minor > 0 OR r.reversal_due_minor > 0) AND (a.balance > 0 OR r.reversal_due_minor > 0)`;
  let recovered = 0n;
  let n = 0;
  for (const m of members) {
    const { recoveredMinor } = await recoverOutstanding(db, m.member_id);
    if (recoveredMinor > 0n) n++;
    recovered += recoveredMinor;
  }
  return { members: n, recoveredMinor: recovered };
}
