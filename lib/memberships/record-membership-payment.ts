import "server-only";
import Stripe from "stripe";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { isCurrency } from "@/lib/money/currency";
import { idOf, stripe } from "@/lib/stripe/client";

/** First day (UTC) of the month of `d`. */
const monthOf = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

export type RecordedPayment = { id: string; grossMinor: bigint; applicationFeeMinor: bigint; transferredMinor: bigint; currency: Currency } | null;

/**
 * invoice.paid on a membership subscription: records what the member paid, the platform's application fee and
 * what reached the business, as Stripe charged them. Re-reads the invoice (with its payments) and the charge
 * rather than trusting the event; the transfer's own amount is what reached the business. Once per invoice
 * (a unique key, so a replay or a concurrent delivery records nothing more). A subscription from before
 * Connect has no destination: it is recorded with no fee and nothing transferred (the platform holds it).
 */
export async function recordMembershipPayment(db: DbOrTx, invoiceId: string): Promise<RecordedPayment> {
  let invoice: Stripe.Invoice;
  try {
    invoice = await stripe().invoices.retrieve(invoiceId, { expand: ["payments"] });
  } catch (error) {
    // Gone from Stripe (deleted test data, another account): nothing to record; retrying cannot help.
    if (error instanceof Stripe.errors.StripeError && error.statusCode === 404) return null;
    throw error;
  }
  const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
  if (!subscriptionId || invoice.status !== "paid" || invoice.amount_paid <= 0) return null;
  const row = await db.membershipSubscription.findUnique({
    where: { stripeSubscriptionId: subscriptionId },
    select: { memberId: true, member: { select: { programId: true, program: { select: { providerId: true } } } } },
  });
  if (!row) return null;
  const currency = invoice.currency.toUpperCase();
  if (!isCurrency(currency) || currency === "PTS") return null;

  const payment = invoice.payments?.data.find((p) => p.status === "paid" && p.payment.type === "charge");
  const chargeId = idOf(payment?.payment.charge);
  let charge: Stripe.Charge | null = null;
  if (chargeId) charge = await stripe().charges.retrieve(chargeId);
  const gross = BigInt(charge?.amount ?? invoice.amount_paid);
  const destination = idOf(charge?.transfer_data?.destination) ?? null;
  const fee = BigInt(destination ? (charge?.application_fee_amount ?? 0) : 0);
  let transferred = destination ? gross - fee : 0n;
  const transferId = idOf(charge?.transfer);
  if (transferId) transferred = BigInt((await stripe().transfers.retrieve(transferId)).amount);

  const paidAt = new Date((invoice.status_transitions?.paid_at ?? Math.floor(Date.now() / 1000)) * 1000);
  await db.membershipPayment.createMany({
    data: [
      {
        providerId: row.member.program.providerId,
        programId: row.member.programId,
        memberId: row.memberId,
        stripeInvoiceId: invoiceId,
        stripeSubscriptionId: subscriptionId,
        stripeChargeId: chargeId,
        destinationAccountId: destination,
        currency,
        grossMinor: gross,
        applicationFeeMinor: fee,
        transferredMinor: transferred,
        period: monthOf(paidAt),
        paidAt,
      },
    ],
    skipDuplicates: true,
  });
  const saved = await db.membershipPayment.findUniqueOrThrow({ where: { stripeInvoiceId: invoiceId }, select: { id: true, grossMinor: true, applicationFeeMinor: true, transferredMinor: true, currency: true } });
  return saved;
}
