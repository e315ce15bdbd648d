import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { balance, memberAccount } from "@/lib/ledger";
import { outstandingMinor } from "@/lib/rewards/recover-outstanding";

/**
 * Withdrawal guardrails, per person and currency, from the environment (minor units / hours), with defaults
 * that suit a euro program: at least €10, at most €500 a day and €2,000 in 30 days, nothing in the first
 * 72 hours after linking an account, and a platform admin approves anything above €250.
 */
export type WithdrawalLimits = {
  minMinor: bigint;
  dailyMinor: bigint;
  monthlyMinor: bigint;
  cooldownHours: number;
  approvalAboveMinor: bigint;
  /** How long the e-mailed confirmation link works. */
  confirmMinutes: number;
};

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function withdrawalLimits(): WithdrawalLimits {
  return {
    minMinor: BigInt(int("WITHDRAWAL_MIN_MINOR", 1_000)),
    dailyMinor: BigInt(int("WITHDRAWAL_DAILY_LIMIT_MINOR", 50_000)),
    monthlyMinor: BigInt(int("WITHDRAWAL_MONTHLY_LIMIT_MINOR", 200_000)),
    cooldownHours: int("WITHDRAWAL_COOLDOWN_HOURS", 72),
    approvalAboveMinor: BigInt(int("WITHDRAWAL_APPROVAL_ABOVE_MINOR", 25_000)),
    confirmMinutes: int("WITHDRAWAL_CONFIRM_MINUTES", 30),
  };
}

/**
 * What a member may withdraw: the available balance less what they still owe back from refunds after the
 * hold period (docs/money-rules.md). Never below zero.
 */
export async function withdrawableMinor(db: DbOrTx, memberId: string, currency: Currency): Promise<bigint> {
  const available = await balance(db, memberAccount(memberId, "MEMBER_AVAILABLE", currency));
  const left = available - (await outstandingMinor(db, memberId));
  return left > 0n ? left : 0n;
}
