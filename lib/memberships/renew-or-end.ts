import "server-only";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { stripe } from "@/lib/stripe/client";
import { ENDED_STATUSES } from "./member-status";
import { syncSubscription } from "./sync-subscription";

export type Renewal = { memberId: string; periodEnd: Date; endsAtPeriodEnd: boolean };

/**
 * When each of the user's paid memberships next renews — or ends, once its renewal was cancelled — for the
 * subscriptions that can still charge and whose period Stripe told us.
 */
export async function listRenewals(userId: string): Promise<Renewal[]> {
  const rows = await db.membershipSubscription.findMany({
    where: { member: { userId, status: { not: "LEFT" } }, stripeSubscriptionId: { not: null }, status: { notIn: [...ENDED_STATUSES] }, currentPeriodEnd: { not: null } },
    select: { memberId: true, currentPeriodEnd: true, cancelAtPeriodEnd: true },
  });
  return rows.map((r) => ({ memberId: r.memberId, periodEnd: r.currentPeriodEnd!, endsAtPeriodEnd: r.cancelAtPeriodEnd }));
}

/**
 * Cancels (or, with `renew: true`, resumes) the renewal of the member's own paid membership: Stripe keeps the
 * subscription until the end of the period already paid for and charges nothing after it. The member stays a
 * member meanwhile. Stripe is asked first; our copy is then converged on what Stripe says (`syncSubscription`
 * re-reads it), so when Stripe cannot be reached nothing has changed. Setting the same value twice is harmless.
 */
export async function setMembershipRenewal(userId: string, memberId: string, opts: { renew: boolean }): Promise<Renewal> {
  const row = await db.membershipSubscription.findFirst({
    where: { memberId, member: { userId } },
    select: { stripeSubscriptionId: true, status: true, member: { select: { status: true } } },
  });
  // Someone else's membership looks like no membership at all.
  if (!row) throw new DomainError("NOT_FOUND", "No such paid membership.");
  if (!row.stripeSubscriptionId || ENDED_STATUSES.has(row.status) || row.member.status === "LEFT") {
    throw new DomainError("CONFLICT", "This membership has no renewal to change.");
  }
  const subscriptionId = row.stripeSubscriptionId;
  try {
    await stripe().subscriptions.update(subscriptionId, { cancel_at_period_end: !opts.renew });
  } catch (error) {
    console.error("membership: changing the renewal failed", subscriptionId, error instanceof Error ? error.message : error);
    throw new DomainError("UNAVAILABLE", "We could not reach our payment provider just now, so nothing was changed. Please try again in a moment.");
  }
  await db.$transaction((tx) => syncSubscription(tx, subscriptionId));
  const after = await db.membershipSubscription.findUniqueOrThrow({ where: { memberId }, select: { currentPeriodEnd: true, cancelAtPeriodEnd: true } });
  if (!after.currentPeriodEnd) throw new DomainError("UNAVAILABLE", "Our payment provider did not say when this period ends. Please try again in a moment.");
  return { memberId, periodEnd: after.currentPeriodEnd, endsAtPeriodEnd: after.cancelAtPeriodEnd };
}
