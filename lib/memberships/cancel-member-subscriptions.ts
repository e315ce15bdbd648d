import "server-only";
import Stripe from "stripe";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { isStripeOutage, stripe } from "@/lib/stripe/client";
import { ENDED_STATUSES as ENDED } from "./member-status";

/**
 * Stops the payments of these memberships: each Stripe subscription that could still charge is cancelled now
 * (no refund of the current period, no further invoices) and our copy of it updated. Called before a
 * membership ends — leaving the program, deleting the account — so that when Stripe cannot be reached
 * nothing has changed and the member can simply try again, instead of having left while still being charged.
 * Returns the memberships whose payments were stopped.
 */
export async function cancelMemberSubscriptions(memberIds: string[]): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const rows = await db.membershipSubscription.findMany({
    where: { memberId: { in: memberIds }, stripeSubscriptionId: { not: null }, status: { notIn: [...ENDED] } },
    select: { id: true, memberId: true, stripeSubscriptionId: true },
  });
  const stopped: string[] = [];
  for (const row of rows) {
    const subscriptionId = row.stripeSubscriptionId!;
    let sub: Stripe.Subscription;
    try {
      sub = await cancelSubscriptionNow(subscriptionId);
    } catch (error) {
      sub = await alreadyEnded(subscriptionId, error);
    }
    await db.membershipSubscription.update({ where: { id: row.id }, data: { status: sub.status, cancelAtPeriodEnd: sub.cancel_at_period_end } });
    stopped.push(row.memberId);
  }
  return stopped;
}

/** Cancels a membership's Stripe subscription now; the same key wherever it is asked, so Stripe does it once. */
export function cancelSubscriptionNow(subscriptionId: string): Promise<Stripe.Subscription> {
  return stripe().subscriptions.cancel(subscriptionId, {}, { idempotencyKey: `boomerang-membership-cancel:${subscriptionId}` });
}

/** A cancel Stripe refused may be one it had already done (from its dashboard, after failed renewals): check. */
async function alreadyEnded(subscriptionId: string, error: unknown): Promise<Stripe.Subscription> {
  if (error instanceof Stripe.errors.StripeError && !isStripeOutage(error)) {
    const current = await stripe()
      .subscriptions.retrieve(subscriptionId)
      .catch(() => null);
    if (current && ENDED.has(current.status)) return current;
  }
  console.error("membership: cancelling subscription failed", subscriptionId, error instanceof Error ? error.message : error);
  throw new DomainError("UNAVAILABLE", "We could not stop your membership payments with our payment provider just now, so nothing was changed. Please try again in a moment.");
}
