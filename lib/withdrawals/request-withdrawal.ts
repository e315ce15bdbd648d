import { createHash, randomBytes, randomUUID } from "node:crypto";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { DomainError } from "@/lib/errors";
import { appUrl } from "@/lib/app-url";
import { balance, hold, LedgerError, memberAccount } from "@/lib/ledger";
import { formatMoney } from "@/lib/money/format";
import { recoverOutstanding } from "@/lib/rewards/recover-outstanding";
import { minWithdrawalMinor, withdrawableMinor, withdrawalLimits, type WithdrawalLimits } from "./limits";
import { minimumWithdrawalMessage } from "./minimum-message";
import { WITHDRAWAL_ROW, type WithdrawalRow } from "./transitions";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export type RequestWithdrawalInput = { userId: string; memberId: string; linkedAccountId: string; amountMinor: bigint; now?: Date; limits?: WithdrawalLimits };

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A member asks to move available cashback to a linked account. Every guardrail is checked under a per-person
 * lock (so two requests cannot both slip under a limit), the amount is held in the ledger at once (so it
 * cannot be spent twice), and an e-mail link must confirm it before any money moves. What the member owes
 * back from a refund after the hold period is recovered from the balance first, so it is never withdrawn
 * (docs/money-rules.md, "Refunds after the hold period").
 */
export async function requestWithdrawal(db: DbOrTx, input: RequestWithdrawalInput): Promise<{ withdrawal: WithdrawalRow; confirmUrl: string }> {
  const limits = input.limits ?? withdrawalLimits();
  const now = input.now ?? new Date();
  if (input.amountMinor <= 0n) throw new DomainError("VALIDATION", "Enter an amount above zero.", { field: "amountMinor" });
  return inTransaction(db, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`withdrawals:${input.userId}`}, 0))`;
    const member = await tx.member.findUnique({
      where: { id: input.memberId },
      select: { id: true, userId: true, program: { select: { name: true, currency: true } }, user: { select: { email: true } } },
    });
    if (!member || member.userId !== input.userId) throw new DomainError("NOT_FOUND", "That membership does not exist.", { field: "memberId" });
    const currency = member.program.currency;
    if (currency === "PTS") throw new DomainError("VALIDATION", "Points cannot be withdrawn; spend them with the business.", { field: "memberId" });
    const money = (v: bigint) => formatMoney(v, currency);

    const account = await tx.linkedAccount.findUnique({ where: { id: input.linkedAccountId }, select: { userId: true, status: true, linkedAt: true } });
    if (!account || account.userId !== input.userId) throw new DomainError("NOT_FOUND", "That account does not exist.", { field: "linkedAccountId" });
    if (account.status !== "ACTIVE") throw new DomainError("CONFLICT", "That account needs to be linked again before money can be sent to it.", { field: "linkedAccountId" });
    const usableAt = new Date(account.linkedAt.getTime() + limits.cooldownHours * HOUR);
    if (usableAt > now) {
      throw new DomainError("CONFLICT", `For your safety, a newly linked account can receive withdrawals from ${usableAt.toUTCString().slice(0, 22)} UTC.`, { field: "linkedAccountId" });
    }

    const min = minWithdrawalMinor(currency, limits);
    if (input.amountMinor < min) throw new DomainError("VALIDATION", minimumWithdrawalMessage(min, currency), { field: "amountMinor" });
    const since = async (ms: number) => {
      const agg = await tx.withdrawal.aggregate({
        where: { userId: input.userId, currency, createdAt: { gt: new Date(now.getTime() - ms) }, status: { notIn: ["CANCELED", "FAILED"] } },
        _sum: { amountMinor: true },
      });
      return agg._sum.amountMinor ?? 0n;
    };
    const today = await since(DAY);
    if (today + input.amountMinor > limits.dailyMinor) {
      throw new DomainError("CONFLICT", `You can withdraw at most ${money(limits.dailyMinor)} in 24 hours; ${money(limits.dailyMinor - today > 0n ? limits.dailyMinor - today : 0n)} is left.`, { field: "amountMinor" });
    }
    const month = await since(30 * DAY);
    if (month + input.amountMinor > limits.monthlyMinor) {
      throw new DomainError("CONFLICT", `You can withdraw at most ${money(limits.monthlyMinor)} in 30 days; ${money(limits.monthlyMinor - month > 0n ? limits.monthlyMinor - month : 0n)} is left.`, { field: "amountMinor" });
    }

    await recoverOutstanding(tx, member.id);
    const left = await withdrawableMinor(tx, member.id, currency);
    if (input.amountMinor > left && input.amountMinor <= (await balance(tx, memberAccount(member.id, "MEMBER_AVAILABLE", currency)))) {
      throw new DomainError("CONFLICT", `You can withdraw at most ${money(left)} now: the rest is owed back to the business for a refunded order.`, { field: "amountMinor" });
    }

    const id = randomUUID();
    let held;
    try {
      held = await hold(tx, { idempotencyKey: `withdrawal:${id}:hold`, memberId: member.id, currency, amount: input.amountMinor, reference: { type: "withdrawal", id } });
    } catch (error) {
      if (error instanceof LedgerError && error.reason === "INSUFFICIENT_FUNDS") {
        throw new DomainError("CONFLICT", "That is more than your available cashback. Pending cashback can be withdrawn once it becomes available.", { field: "amountMinor" });
      }
      throw error;
    }
    const token = randomBytes(32).toString("base64url");
    const withdrawal = await tx.withdrawal.create({
      data: {
        id,
        memberId: member.id,
        userId: input.userId,
        linkedAccountId: input.linkedAccountId,
        amountMinor: input.amountMinor,
        currency,
        status: "AWAITING_CONFIRMATION",
        holdId: held.id,
        confirmTokenHash: tokenHash(token),
        confirmExpiresAt: new Date(now.getTime() + limits.confirmMinutes * 60_000),
      },
      select: WITHDRAWAL_ROW,
    });
    const confirmUrl = appUrl(`/wallet/withdraw/confirm?token=${token}`);
    await sendEmail(tx, {
      to: member.user.email,
      subject: `Confirm your withdrawal of ${money(input.amountMinor)}`,
      text:
        `You asked to withdraw ${money(input.amountMinor)} of cashback from ${member.program.name}.\n\n` +
        `Confirm it within ${limits.confirmMinutes} minutes:\n${confirmUrl}\n\n` +
        `If this was not you, ignore this e-mail: the amount returns to your available balance and nothing is sent. ` +
        `Then change your password.`,
    });
    return { withdrawal, confirmUrl };
  });
}
