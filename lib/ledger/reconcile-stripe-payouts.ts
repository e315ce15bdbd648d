import type Stripe from "stripe";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { stripe } from "@/lib/stripe/client";

/** What comparing the ledger's money out with Stripe's balance transactions can find (docs/money-rules.md, "Paying members out"). */
export type StripePayoutDiscrepancy =
  | { check: "stripe_transfer"; withdrawalId: string; status: string; transferId: string; expected: string; stripeNet: string }
  | { check: "stripe_payouts_clearing"; currency: string; clearing: string; stripeNet: string }
  | { check: "stripe_payout_costs"; currency: string; posted: string; stripeFees: string };

const TYPES = ["transfer", "transfer_refund", "stripe_fee"] as const;

/** The transfer a balance transaction moved money for: a transfer itself, or the transfer a reversal took back. */
function transferOf(bt: Stripe.BalanceTransaction): string | null {
  const source = bt.source;
  if (!source || typeof source === "string") return bt.type === "transfer" ? (source ?? null) : null;
  if (source.object === "transfer") return source.id;
  if (source.object === "transfer_reversal") return typeof source.transfer === "string" ? source.transfer : source.transfer.id;
  return null;
}

/**
 * Proves the money sent to members against Stripe's own record of the platform's balance (every balance
 * transaction of the types that pay members out, with their sources):
 * - each withdrawal's transfer: what Stripe moved for it, net of reversals, is its amount when it is PAID and
 *   nothing when it FAILED or was CANCELED (the transfer was taken back); on its way (PROCESSING), not checked;
 * - PAYOUTS_CLEARING per currency (less withdrawals paid before transfers were remembered) equals what Stripe
 *   transferred, net, for the PAID withdrawals not yet settled (a settled one's money left clearing for
 *   `EXTERNAL stripe` when its return window ended);
 * - the payout costs posted (PLATFORM_PAYOUT_COSTS) equal Stripe's Connect fees (`stripe_fee`) per currency.
 *   Stripe charges a payout's fee when it pays it and we post it on `payout.paid`: a payout paid whose webhook
 *   has not arrived yet shows here until it does.
 */
export async function stripePayoutDiscrepancies(db: DbOrTx): Promise<StripePayoutDiscrepancy[]> {
  const netByTransfer = new Map<string, bigint>();
  const feesByCurrency = new Map<string, bigint>();
  for (const type of TYPES) {
    for await (const bt of stripe().balanceTransactions.list({ type, limit: 100, expand: ["data.source"] })) {
      const currency = bt.currency.toUpperCase();
      if (type === "stripe_fee") {
        feesByCurrency.set(currency, (feesByCurrency.get(currency) ?? 0n) - BigInt(bt.amount));
        continue;
      }
      const transfer = transferOf(bt);
      if (transfer) netByTransfer.set(transfer, (netByTransfer.get(transfer) ?? 0n) - BigInt(bt.amount));
    }
  }
  const withdrawals = await db.withdrawal.findMany({ where: { transferId: { not: null } }, select: { id: true, status: true, amountMinor: true, currency: true, transferId: true, settledAt: true } });
  const discrepancies: StripePayoutDiscrepancy[] = [];
  const paidNet = new Map<string, bigint>();
  for (const w of withdrawals) {
    const net = netByTransfer.get(w.transferId ?? "") ?? 0n;
    if (w.status === "PAID" && !w.settledAt) paidNet.set(w.currency, (paidNet.get(w.currency) ?? 0n) + net);
    const expected = w.status === "PAID" ? w.amountMinor : w.status === "FAILED" || w.status === "CANCELED" ? 0n : null;
    if (expected !== null && net !== expected) {
      discrepancies.push({ check: "stripe_transfer", withdrawalId: w.id, status: w.status, transferId: w.transferId ?? "", expected: String(expected), stripeNet: String(net) });
    }
  }
  const accounts = await db.$queryRaw<{ kind: string; currency: string; total: bigint }[]>`
    SELECT kind::text, currency::text, sum(balance)::bigint AS total FROM ledger_accounts
     WHERE kind IN ('PAYOUTS_CLEARING', 'PLATFORM_PAYOUT_COSTS') GROUP BY kind, currency`;
  const ledger = (kind: string, currency: string) => accounts.find((a) => a.kind === kind && a.currency === currency)?.total ?? 0n;
  const currencies = new Set([...accounts.map((a) => a.currency), ...paidNet.keys(), ...feesByCurrency.keys()]);
  for (const currency of currencies) {
    // Withdrawals paid before their transfer was remembered (transfer_id null, Custom accounts) cannot be
    // matched with Stripe's transfers: the clearing compared is the rest.
    const legacy = await db.withdrawal.aggregate({ where: { status: "PAID", currency: currency as Currency, transferId: null, settledAt: null }, _sum: { amountMinor: true } });
    const clearing = ledger("PAYOUTS_CLEARING", currency) - (legacy._sum.amountMinor ?? 0n);
    const stripeNet = paidNet.get(currency) ?? 0n;
    if (clearing !== stripeNet) discrepancies.push({ check: "stripe_payouts_clearing", currency, clearing: String(clearing), stripeNet: String(stripeNet) });
    const posted = -ledger("PLATFORM_PAYOUT_COSTS", currency);
    const fees = feesByCurrency.get(currency) ?? 0n;
    if (posted !== fees) discrepancies.push({ check: "stripe_payout_costs", currency, posted: String(posted), stripeFees: String(fees) });
  }
  return discrepancies;
}
