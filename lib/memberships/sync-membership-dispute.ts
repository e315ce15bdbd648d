import "server-only";
import type Stripe from "stripe";
import type { Tx } from "@/lib/db/client";
import { idOf, stripe } from "@/lib/stripe/client";

export type SyncedDispute = { paymentId: string; status: string; disputedMinor: bigint; disputeReversedMinor: bigint } | null;

/** The idempotency key and metadata that name a dispute's reversal, so a retry finds the one already made. */
const reversalKey = (disputeId: string) => `boomerang-dispute-reversal:${disputeId}`;

/**
 * charge.dispute.created / charge.dispute.closed on a membership payment (docs/memberships-connect.md, "Refunds and
 * disputes"). The dispute is re-read from Stripe and recorded on the payment. Stripe debits a disputed destination
 * charge from the platform; once the dispute is **lost** the business's share is taken back by reversing the
 * charge's transfer — the disputed part of what was transferred (`transfer × disputed ÷ charge`, rounded down, at
 * most what is not reversed yet), once per dispute: the reversal carries the dispute's id in its metadata and
 * idempotency key, and a reversal already on the transfer is found rather than made again. Nothing is reversed
 * while the dispute is open (it may be won, and then Stripe gives the platform its money back) or after it is won.
 * The platform's application fee is not given back (Stripe keeps the platform's fee; the dispute fee is the
 * platform's). A payment from before Connect has no transfer: the loss is recorded and stays with the platform.
 * Runs in the webhook's transaction; a charge that is no membership payment is ignored.
 */
export async function syncMembershipDispute(tx: Tx, event: { disputeId: string; chargeId: string }): Promise<SyncedDispute> {
  // A dispute's charge never changes: the event's is enough to tell whether it is a membership payment's.
  const [payment] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM membership_payments WHERE stripe_charge_id = ${event.chargeId} FOR UPDATE`;
  if (!payment) return null;
  const dispute = await stripe().disputes.retrieve(event.disputeId);
  const chargeId = idOf(dispute.charge) ?? event.chargeId;
  if (dispute.status !== "lost") {
    const saved = await tx.membershipPayment.update({ where: { id: payment.id }, data: { stripeDisputeId: dispute.id, disputeStatus: dispute.status } });
    return { paymentId: saved.id, status: dispute.status, disputedMinor: saved.disputedMinor, disputeReversedMinor: saved.disputeReversedMinor };
  }

  const charge = await stripe().charges.retrieve(chargeId);
  const transferId = idOf(charge.transfer);
  let reversed = 0n;
  let transferReversed: bigint | undefined;
  if (transferId) {
    let transfer = await stripe().transfers.retrieve(transferId);
    const existing = transfer.reversals?.data.find((r) => r.metadata?.stripeDisputeId === dispute.id);
    if (existing) reversed = BigInt(existing.amount);
    else {
      const share = charge.amount > 0 ? (BigInt(transfer.amount) * BigInt(dispute.amount)) / BigInt(charge.amount) : 0n;
      const remaining = BigInt(transfer.amount - transfer.amount_reversed);
      const amount = share < remaining ? share : remaining;
      if (amount > 0n) {
        const reversal = await stripe().transfers.createReversal(
          transferId,
          { amount: Number(amount), metadata: { stripeDisputeId: dispute.id, membershipPaymentId: payment.id } },
          { idempotencyKey: reversalKey(dispute.id) },
        );
        reversed = BigInt(reversal.amount);
        transfer = await stripe().transfers.retrieve(transferId);
      }
    }
    transferReversed = BigInt(transfer.amount_reversed);
  }
  const saved = await tx.membershipPayment.update({
    where: { id: payment.id },
    data: { stripeDisputeId: dispute.id, disputeStatus: dispute.status, disputedMinor: BigInt(dispute.amount), disputeReversedMinor: reversed, ...(transferReversed !== undefined ? { transferReversedMinor: transferReversed } : {}) },
  });
  return { paymentId: saved.id, status: dispute.status, disputedMinor: saved.disputedMinor, disputeReversedMinor: saved.disputeReversedMinor };
}

/** The dispute and charge a charge.dispute.* event names (its object is the dispute). */
export function disputeOf(event: Stripe.Event): { disputeId: string; chargeId: string } | null {
  if (!event.type.startsWith("charge.dispute.") || event.data.object.object !== "dispute") return null;
  const chargeId = idOf(event.data.object.charge);
  return chargeId ? { disputeId: event.data.object.id, chargeId } : null;
}
