import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { idOf, isStripeOutage, stripe } from "@/lib/stripe/client";

/**
 * Refunds (part of) a membership payment by the rules of destination charges (docs/memberships-connect.md):
 * Stripe takes the refund from the platform's balance, so Boomerang always asks it to reverse the transfer
 * (`reverse_transfer`: the business gives back what it received for the refunded part) and to refund the
 * application fee (`refund_application_fee`: the platform keeps no fee on money returned), each in proportion.
 * The idempotency key names the payment and the amount already refunded, so a retry refunds once.
 */
export async function refundMembershipPayment(db: DbOrTx, input: { providerId: string; paymentId: string; amountMinor?: bigint }) {
  const payment = await db.membershipPayment.findFirst({ where: { id: input.paymentId, providerId: input.providerId } });
  if (!payment) throw new DomainError("NOT_FOUND", "No such membership payment.");
  if (!payment.stripeChargeId) throw new DomainError("CONFLICT", "This payment has no Stripe charge to refund.");
  const remaining = payment.grossMinor - payment.refundedMinor;
  const amount = input.amountMinor ?? remaining;
  if (amount <= 0n || amount > remaining) throw new DomainError("VALIDATION", `The refund must be between 1 and the ${remaining} minor units not yet refunded.`, { field: "amountMinor" });
  const connected = payment.destinationAccountId !== null;
  try {
    await stripe().refunds.create(
      { charge: payment.stripeChargeId, amount: Number(amount), ...(connected ? { reverse_transfer: true, refund_application_fee: true } : {}), metadata: { membershipPaymentId: payment.id } },
      { idempotencyKey: `boomerang-membership-refund:${payment.id}:${payment.refundedMinor}:${amount}` },
    );
  } catch (error) {
    if (isStripeOutage(error)) throw new DomainError("UNAVAILABLE", "We could not reach Stripe just now, so nothing was refunded. Please try again in a moment.");
    throw error;
  }
  return syncMembershipRefunds(db, payment.stripeChargeId);
}

/**
 * charge.refunded (or right after a refund): converges the payment's refunded amounts on Stripe — the charge's
 * amount_refunded, the application fee's amount_refunded and the transfer's amount_reversed — whoever refunded
 * (Boomerang, or someone in Stripe's dashboard). A charge that is no membership payment is ignored.
 */
export async function syncMembershipRefunds(db: DbOrTx, chargeId: string) {
  const payment = await db.membershipPayment.findUnique({ where: { stripeChargeId: chargeId }, select: { id: true } });
  if (!payment) return null;
  const charge = await stripe().charges.retrieve(chargeId);
  const feeId = idOf(charge.application_fee);
  const transferId = idOf(charge.transfer);
  const [fee, transfer] = await Promise.all([feeId ? stripe().applicationFees.retrieve(feeId) : null, transferId ? stripe().transfers.retrieve(transferId) : null]);
  return db.membershipPayment.update({
    where: { id: payment.id },
    data: { refundedMinor: BigInt(charge.amount_refunded), feeRefundedMinor: BigInt(fee?.amount_refunded ?? 0), transferReversedMinor: BigInt(transfer?.amount_reversed ?? 0) },
  });
}
