import type { Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { externalAccount, platformAccount, post } from "@/lib/ledger";
import { activeMonth, payoutFeeMinor, STRIPE_ACTIVE_ACCOUNT_FEE_MINOR, STRIPE_EXTERNAL } from "./payout-pricing";

export { activeMonth, payoutFeeMinor, STRIPE_ACTIVE_ACCOUNT_FEE_MINOR, STRIPE_PAYOUT_FEE, type PayoutCurrency } from "./payout-pricing";

/**
 * Posts what paying this withdrawal out costs, in the unit of work that records it paid: Stripe's payout fee,
 * and the account's active-account fee when it is the account's first payout that month (per currency). Both
 * are the platform's expense (PLATFORM_PAYOUT_COSTS, negative) paid to Stripe; neither the member nor the
 * business is charged. Idempotent per withdrawal and per account and month; a payout the bank returns later
 * keeps its costs (Stripe does not give them back).
 */
export async function postPayoutCosts(tx: Tx, w: { id: string; amountMinor: bigint; currency: Currency }, opts: { payoutAccountId: string | null; paidAt: Date }): Promise<{ feeMinor: bigint; accountFeeMinor: bigint }> {
  if (w.currency === "PTS") return { feeMinor: 0n, accountFeeMinor: 0n };
  const currency = w.currency;
  const cost = (idempotencyKey: string, amount: bigint, what: string, reference: { type: string; id: string }) =>
    post(tx, {
      idempotencyKey,
      kind: "FEE",
      reference,
      metadata: { cost: what },
      entries: [
        { account: platformAccount("PLATFORM_PAYOUT_COSTS", currency), amount: -amount },
        { account: externalAccount(STRIPE_EXTERNAL, currency), amount },
      ],
    });
  const feeMinor = payoutFeeMinor(w.amountMinor, currency);
  await cost(`withdrawal:${w.id}:payout-fee`, feeMinor, "stripe_payout_fee", { type: "withdrawal", id: w.id });
  let accountFeeMinor = 0n;
  if (opts.payoutAccountId) {
    // The same posting for every payout of the account that month and currency: only the first creates it.
    const month = activeMonth(opts.paidAt);
    const posted = await cost(`payout-account:${opts.payoutAccountId}:${month}:${currency}:active-fee`, STRIPE_ACTIVE_ACCOUNT_FEE_MINOR[currency], `stripe_active_account_fee ${month}`, {
      type: "payout_account",
      id: opts.payoutAccountId,
    });
    if (posted.created) accountFeeMinor = STRIPE_ACTIVE_ACCOUNT_FEE_MINOR[currency];
  }
  return { feeMinor, accountFeeMinor };
}
