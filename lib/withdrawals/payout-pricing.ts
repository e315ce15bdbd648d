import type { Currency } from "@/lib/db/generated/enums";

/** Currencies money can be withdrawn in (points cannot). */
export type PayoutCurrency = Exclude<Currency, "PTS">;

/**
 * What Stripe charges the platform for paying a member out through Connect (Express accounts, "you handle
 * pricing"), mirroring Stripe's published Connect pricing when this was written — check it against your Stripe
 * contract and change it here (docs/money-rules.md, "Paying members out"):
 * - per payout sent: 0.25 % of the amount (rounded half up to the minor unit) + a fixed amount;
 * - per monthly active account: a fixed amount, for each month in which the account received a payout.
 */
export const STRIPE_PAYOUT_FEE: Readonly<Record<PayoutCurrency, { bps: bigint; fixedMinor: bigint }>> = {
  EUR: { bps: 25n, fixedMinor: 10n },
  GBP: { bps: 25n, fixedMinor: 10n },
  USD: { bps: 25n, fixedMinor: 25n },
  CAD: { bps: 25n, fixedMinor: 25n },
};
export const STRIPE_ACTIVE_ACCOUNT_FEE_MINOR: Readonly<Record<PayoutCurrency, bigint>> = { EUR: 200n, GBP: 200n, USD: 200n, CAD: 200n };

/** Where the platform's payments to Stripe are recorded as coming from the outside world. */
export const STRIPE_EXTERNAL = "stripe";

export function payoutFeeMinor(amountMinor: bigint, currency: PayoutCurrency): bigint {
  const fee = STRIPE_PAYOUT_FEE[currency];
  return (amountMinor * fee.bps + 5_000n) / 10_000n + fee.fixedMinor;
}

/** The month Stripe counts an account active in (UTC), e.g. "2026-12". */
export const activeMonth = (at: Date) => at.toISOString().slice(0, 7);
