import "server-only";
import type { Tx } from "@/lib/db/client";
import { externalAccount, post, providerAccount } from "@/lib/ledger";
import type Stripe from "stripe";
import { idOf, stripe } from "@/lib/stripe/client";
import { creditReturnedPayouts, uninvoicePayoutCharges } from "./invoice-payout-charges";

/**
 * Converges a provider's invoice (commission and cashback paid out) on Stripe's current view of it (status,
 * hosted link). When it is paid, what it covers is settled in the ledger (money in from outside → the
 * provider's fees owed, which carries both commission and invoiced payouts), once. A failed payment is
 * remembered (`paymentFailedAt`, shown to the owner and to platform admins) while Stripe's dunning retries;
 * paying clears it. When it is voided, its billing records and payout charges are given back, so they are
 * invoiced again (invoiceMonth): voiding cancels a document, it does not forgive anything
 * (docs/money-rules.md, "Commission" and "Funding payouts"). An invoice that is not one of ours is ignored.
 */
export async function syncProviderInvoice(tx: Tx, stripeInvoiceId: string, opts: { paymentFailed?: boolean } = {}): Promise<{ invoiceId: string; status: string } | null> {
  const [row] = await tx.$queryRaw<{ id: string; provider_id: string; currency: "EUR" | "USD" | "GBP" | "CAD" | "PTS"; amount_minor: bigint }[]>`
    SELECT id, provider_id, currency, amount_minor FROM provider_invoices WHERE stripe_invoice_id = ${stripeInvoiceId} FOR UPDATE`;
  if (!row) return null;
  const invoice = await stripe().invoices.retrieve(stripeInvoiceId, opts.paymentFailed ? { expand: ["payments"] } : {});
  const status = invoice.status ?? "draft";
  const failed =
    status === "paid" || status === "void"
      ? { paymentFailedAt: null, paymentFailureReason: null }
      : opts.paymentFailed
        ? { paymentFailedAt: new Date(), paymentFailureReason: await paymentFailureReason(invoice) }
        : {};
  await tx.providerInvoice.update({ where: { id: row.id }, data: { status, hostedUrl: invoice.hosted_invoice_url ?? null, ...failed } });
  if (status === "void") {
    await tx.billingRecord.updateMany({ where: { invoiceId: row.id }, data: { invoiceId: null } });
    await uninvoicePayoutCharges(tx, row.id);
  }
  if (status === "paid" && row.amount_minor > 0n) {
    await post(tx, {
      idempotencyKey: `billing:invoice:${row.id}:settle`,
      kind: "SETTLE",
      reference: { type: "provider_invoice", id: row.id },
      metadata: { stripeInvoiceId },
      entries: [
        { account: providerAccount(row.provider_id, "PROVIDER_FEES_OWED", row.currency), amount: row.amount_minor },
        { account: externalAccount("stripe", row.currency), amount: -row.amount_minor },
      ],
    });
  }
  // Payouts on it that the bank returned were paid for all the same: that becomes prepaid balance.
  if (status === "paid") await creditReturnedPayouts(tx, row.id);
  return { invoiceId: row.id, status };
}

/**
 * Why Stripe's latest attempt to collect an invoice failed, in its own words: the decline message of the last
 * failed payment (a charge's failure_message, or a PaymentIntent's last_payment_error), else the attempt count.
 */
async function paymentFailureReason(invoice: Stripe.Invoice): Promise<string> {
  const failed = (invoice.payments?.data ?? []).filter((p) => p.status === "failed" || p.status === "canceled").at(-1);
  const chargeId = failed?.payment.type === "charge" ? idOf(failed.payment.charge) : null;
  const intentId = failed?.payment.type === "payment_intent" ? idOf(failed.payment.payment_intent) : null;
  let reason: string | null | undefined = null;
  if (chargeId) reason = (await stripe().charges.retrieve(chargeId)).failure_message;
  else if (intentId) reason = (await stripe().paymentIntents.retrieve(intentId)).last_payment_error?.message;
  const attempts = invoice.attempt_count ?? 0;
  return (reason ?? `The payment failed${attempts > 0 ? ` (attempt ${attempts})` : ""}.`).slice(0, 500);
}
