import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { balance, memberAccount } from "@/lib/ledger";
import { outstandingMinor } from "@/lib/rewards/recover-outstanding";
import type { PayoutCurrency } from "./payout-costs";

/**
 * The smallest withdrawal per currency (minor units): what a payout is worth sending when Stripe charges the
 * platform a payout fee (lib/withdrawals/payout-costs.ts) and a monthly fee per active account. Each can be
 * changed with `WITHDRAWAL_MIN_MINOR_<CURRENCY>` (docs/money-rules.md, "Paying members out").
 */
export const MIN_WITHDRAWAL_MINOR: Readonly<Record<PayoutCurrency, bigint>> = { EUR: 1_000n, GBP: 1_000n, USD: 1_000n, CAD: 1_500n };

/**
 * Withdrawal guardrails, per person and currency, from the environment (minor units / hours), with defaults
 * that suit a euro program: at least €10 (per currency: MIN_WITHDRAWAL_MINOR), at most €500 a day and €2,000
 * in 30 days, nothing in the first 72 hours after linking an account, and a platform admin approves anything
 * above €250.
 */
export type WithdrawalLimits = {
  minMinor: Record<PayoutCurrency, bigint>;
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
    minMinor: {
      EUR: BigInt(int("WITHDRAWAL_MIN_MINOR_EUR", Number(MIN_WITHDRAWAL_MINOR.EUR))),
      GBP: BigInt(int("WITHDRAWAL_MIN_MINOR_GBP", Number(MIN_WITHDRAWAL_MINOR.GBP))),
      USD: BigInt(int("WITHDRAWAL_MIN_MINOR_USD", Number(MIN_WITHDRAWAL_MINOR.USD))),
      CAD: BigInt(int("WITHDRAWAL_MIN_MINOR_CAD", Number(MIN_WITHDRAWAL_MINOR.CAD))),
    },
    dailyMinor: BigInt(int("WITHDRAWAL_DAILY_LIMIT_MINOR", 50_000)),
    monthlyMinor: BigInt(int("WITHDRAWAL_MONTHLY_LIMIT_MINOR", 200_000)),
    cooldownHours: int("WITHDRAWAL_COOLDOWN_HOURS", 72),
    approvalAboveMinor: BigInt(int("WITHDRAWAL_APPROVAL_ABOVE_MINOR", 25_000)),
    confirmMinutes: int("WITHDRAWAL_CONFIRM_MINUTES", 30),
  };
}

/** The smallest withdrawal in a currency (points are never withdrawn: 0). */
export const minWithdrawalMinor = (currency: Currency, limits: WithdrawalLimits = withdrawalLimits()): bigint => (currency === "PTS" ? 0n : limits.minMinor[currency]);

/**
 * What a member may withdraw: the available balance less what they still owe back from refunds after the
 * hold period (docs/money-rules.md). Never below zero.
 */
export async function withdrawableMinor(db: DbOrTx, memberId: string, currency: Currency): Promise<bigint> {
  const available = await balance(db, memberAccount(memberId, "MEMBER_AVAILABLE", currency));
  const left = available - (await outstandingMinor(db, memberId));
  return left > 0n ? left : 0n;
}
