import "server-only";
import type Stripe from "stripe";
import type { Tx } from "@/lib/db/client";
import type { MemberStatus } from "@/lib/db/generated/enums";
import { idOf, stripe } from "@/lib/stripe/client";
import { cancelSubscriptionNow } from "./cancel-member-subscriptions";
import { ENDED_STATUSES } from "./member-status";

export type DisputeOutcome = { memberId: string; status: MemberStatus; subscriptionStatus: string }[];

/**
 * charge.dispute.created on a membership payment: a chargeback ends the membership (docs/money-rules.md). The
 * charge is re-read from Stripe for its customer (the event's dispute may be stale, and names only the charge);
 * every membership paid by that customer has its subscription cancelled at once (no further charges) and the
 * member is suspended: they earn nothing, keep their balances and may still withdraw. Winning the dispute
 * later does not restart it; the member may subscribe again. A charge that is no membership's is ignored.
 * Runs in the webhook's transaction, so the effect commits with the event id.
 */
export async function handleMembershipDispute(tx: Tx, event: Stripe.Event): Promise<DisputeOutcome> {
  if (event.type !== "charge.dispute.created") return [];
  const chargeId = idOf(event.data.object.charge);
  if (!chargeId) return [];
  const charge = await stripe().charges.retrieve(chargeId, {}, event.account ? { stripeAccount: event.account } : undefined);
  const customerId = idOf(charge.customer);
  if (!customerId) return [];
  return endMembershipsPaidBy(tx, customerId);
}

/**
 * Ends every membership paid by a Stripe customer (a chargeback, a full refund): each subscription is
 * cancelled at once and the member suspended, in the caller's transaction. Someone who left stays LEFT.
 */
export async function endMembershipsPaidBy(tx: Tx, customerId: string): Promise<DisputeOutcome> {
  const rows = await tx.membershipSubscription.findMany({ where: { stripeCustomerId: customerId }, select: { id: true, memberId: true, stripeSubscriptionId: true, status: true } });
  const outcome: DisputeOutcome = [];
  for (const row of rows) {
    // The same lock syncSubscription takes, so a subscription event cannot land between the cancel and the suspension.
    if (row.stripeSubscriptionId) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`stripe-subscription:${row.stripeSubscriptionId}`}))`;
    const [member] = await tx.$queryRaw<{ id: string; status: MemberStatus }[]>`SELECT id, status FROM members WHERE id = ${row.memberId}::uuid FOR UPDATE`;
    if (!member) continue;
    let subscriptionStatus = row.status;
    if (row.stripeSubscriptionId && !ENDED_STATUSES.has(row.status)) {
      const sub = await cancelSubscriptionNow(row.stripeSubscriptionId);
      subscriptionStatus = sub.status;
      await tx.membershipSubscription.update({ where: { id: row.id }, data: { status: sub.status, cancelAtPeriodEnd: sub.cancel_at_period_end } });
    }
    // Someone who left stays gone; everyone else is suspended.
    const next: MemberStatus = member.status === "LEFT" ? "LEFT" : "SUSPENDED";
    if (next !== member.status) await tx.member.update({ where: { id: member.id }, data: { status: next, statusChangedAt: new Date() } });
    outcome.push({ memberId: member.id, status: next, subscriptionStatus });
  }
  return outcome;
}
