import "server-only";
import type Stripe from "stripe";
import type { Tx } from "@/lib/db/client";
import { idOf, stripe } from "@/lib/stripe/client";
import { endMembershipsPaidBy, type DisputeOutcome } from "./handle-membership-dispute";

/**
 * charge.refunded on a membership payment (docs/money-rules.md, "Paid memberships"): a payment refunded in
 * full ends the membership like a chargeback — its subscription is cancelled at once and the member is
 * suspended (no earning; balances kept, still withdrawable). A partial refund is a goodwill gesture and
 * changes nothing. The charge is re-read from Stripe (the event may be stale); a charge that is no
 * membership's is ignored. Runs in the webhook's transaction.
 */
export async function handleMembershipRefund(tx: Tx, event: Stripe.Event): Promise<DisputeOutcome> {
  if (event.type !== "charge.refunded") return [];
  const chargeId = idOf(event.data.object.id);
  if (!chargeId) return [];
  const charge = await stripe().charges.retrieve(chargeId, {}, event.account ? { stripeAccount: event.account } : undefined);
  const customerId = idOf(charge.customer);
  if (!customerId || charge.amount <= 0 || charge.amount_refunded < charge.amount) return [];
  return endMembershipsPaidBy(tx, customerId);
}
