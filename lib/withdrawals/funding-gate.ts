import type { Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { lockFunding, prepaidBalance } from "@/lib/billing/charge-payout";
import { notifyWithdrawal, WITHDRAWAL_ROW, type WithdrawalRow } from "./transitions";

/** What the prepaid balance can still pay: its balance less the withdrawals already on their way that draw on it. */
async function unreservedFunding(tx: Tx, providerId: string, currency: Currency): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ reserved: bigint }[]>`
    SELECT coalesce(sum(w.amount_minor), 0)::bigint AS reserved FROM withdrawals w
      JOIN members m ON m.id = w.member_id JOIN programs p ON p.id = m.program_id
     WHERE p.provider_id = ${providerId}::uuid AND w.currency = ${currency}::"Currency" AND w.status = 'PROCESSING'`;
  return (await prepaidBalance(tx, providerId, currency)) - (row?.reserved ?? 0n);
}

/**
 * Where a withdrawal ready to be sent goes: it waits for the member's payout account while Stripe cannot pay
 * it out yet (AWAITING_PAYOUT_SETUP, lib/withdrawals/payout-account.ts); then to the payout queue, or, when its
 * program lets members withdraw only what the business has funded and the prepaid balance (less what is
 * already on its way) is short, it waits for a top-up (AWAITING_FUNDING). Call under the withdrawal's lock,
 * in the unit of work that moves it.
 */
export async function readyStatus(tx: Tx, w: WithdrawalRow): Promise<"AWAITING_PAYOUT_SETUP" | "PROCESSING" | "AWAITING_FUNDING"> {
  const account = await tx.memberPayoutAccount.findUnique({ where: { userId: w.userId }, select: { payoutsEnabled: true } });
  if (!account?.payoutsEnabled) return "AWAITING_PAYOUT_SETUP";
  const member = await tx.member.findUniqueOrThrow({ where: { id: w.memberId }, select: { program: { select: { providerId: true, withdrawOnlyFunded: true } } } });
  if (!member.program.withdrawOnlyFunded) return "PROCESSING";
  await lockFunding(tx, member.program.providerId, w.currency);
  return w.amountMinor <= (await unreservedFunding(tx, member.program.providerId, w.currency)) ? "PROCESSING" : "AWAITING_FUNDING";
}

/**
 * After a top-up (or a charge given back, or the setting turned off): withdrawals waiting for this business's
 * funds go to the payout queue, oldest first, as long as the prepaid balance covers them (the first that does
 * not fit stops the line, so a small later one never overtakes it).
 */
export async function releaseFundedWithdrawals(tx: Tx, providerId: string, currency: Currency): Promise<{ released: number }> {
  await lockFunding(tx, providerId, currency);
  const waiting = await tx.withdrawal.findMany({
    where: { status: "AWAITING_FUNDING", currency, member: { program: { providerId } } },
    orderBy: { createdAt: "asc" },
    select: { ...WITHDRAWAL_ROW, member: { select: { program: { select: { withdrawOnlyFunded: true } } } } },
  });
  let left = await unreservedFunding(tx, providerId, currency);
  let released = 0;
  for (const w of waiting) {
    const funded = !w.member.program.withdrawOnlyFunded || w.amountMinor <= left;
    if (!funded) break;
    if (w.member.program.withdrawOnlyFunded) left -= w.amountMinor;
    const moved = await tx.withdrawal.updateMany({ where: { id: w.id, status: "AWAITING_FUNDING" }, data: { status: "PROCESSING" } });
    if (moved.count === 0) continue;
    const row: WithdrawalRow = { id: w.id, userId: w.userId, memberId: w.memberId, amountMinor: w.amountMinor, currency: w.currency, status: "PROCESSING", holdId: w.holdId };
    await notifyWithdrawal(tx, row, "PROCESSING");
    released += 1;
  }
  return { released };
}
