import "server-only";
import Stripe from "stripe";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import type { MemberStatus } from "@/lib/db/generated/enums";
import { claimPurchases } from "@/lib/purchases/claim-purchases";
import { idOf, stripe } from "@/lib/stripe/client";
import { cancelSubscriptionNow } from "./cancel-member-subscriptions";
import { rewardPurchasesAwaitingPayment } from "./reward-awaiting-payment";
import { EARNING_STATUSES, ENDED_STATUSES, memberStatusFor } from "./member-status";

export type SyncOutcome = { memberId: string; status: MemberStatus; stripeStatus: string } | null;

/**
 * Converges one membership on what Stripe says now: takes a lock on the subscription, re-reads it from
 * Stripe (events arrive in any order, so their payload may be stale) and sets the membership row and the
 * member's status. A subscription we do not know (another product on the same Stripe account) is ignored.
 * Runs inside the caller's transaction (the webhook's, so the effect commits with the event id).
 */
export async function syncSubscription(tx: Tx, subscriptionId: string): Promise<SyncOutcome> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`stripe-subscription:${subscriptionId}`}))`;
  let sub: Stripe.Subscription;
  try {
    sub = await stripe().subscriptions.retrieve(subscriptionId);
  } catch (error) {
    // Gone from Stripe (deleted test data, another account): nothing of ours to converge; retrying cannot help.
    if (error instanceof Stripe.errors.StripeError && error.statusCode === 404) return null;
    throw error;
  }
  return applySubscription(tx, sub);
}

async function applySubscription(tx: Tx, subscription: Stripe.Subscription): Promise<SyncOutcome> {
  let sub = subscription;
  // Metadata is whatever was set on the subscription: use it only when it is a member id's shape.
  const memberId = z.uuid().safeParse(sub.metadata?.memberId).data;
  const row =
    (await tx.membershipSubscription.findUnique({ where: { stripeSubscriptionId: sub.id } })) ??
    (memberId ? await tx.membershipSubscription.findUnique({ where: { memberId } }) : null);
  if (!row) return null;
  // A member who paid again after a lapse has a new subscription; late news about the old one must not
  // suspend them, so a different subscription is adopted only when it is the one that pays.
  if (row.stripeSubscriptionId && row.stripeSubscriptionId !== sub.id && !EARNING_STATUSES.has(sub.status)) return null;

  const [member] = await tx.$queryRaw<{ id: string; status: MemberStatus; segment: string | null; tier: string | null; program_id: string; email: string }[]>`
    SELECT m.id, m.status, m.segment, m.tier, m.program_id, u.email
      FROM members m JOIN users u ON u.id = m.user_id
     WHERE m.id = ${row.memberId}::uuid FOR UPDATE OF m`;
  if (!member) return null;

  // Paid for after the member left (a Checkout finished late, or after the account was deleted): nobody may be
  // charged for a membership they ended, so the subscription is cancelled at once.
  if (member.status === "LEFT" && !ENDED_STATUSES.has(sub.status)) {
    sub = await cancelSubscriptionNow(sub.id);
  }
  const periodEnd = sub.items.data.reduce<number | null>((max, item) => (max === null || item.current_period_end > max ? item.current_period_end : max), null);
  await tx.membershipSubscription.update({
    where: { id: row.id },
    data: {
      stripeSubscriptionId: sub.id,
      stripeCustomerId: idOf(sub.customer) ?? row.stripeCustomerId,
      status: sub.status,
      currentPeriodEnd: periodEnd === null ? null : new Date(periodEnd * 1000),
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      destinationAccountId: idOf(sub.transfer_data?.destination) ?? null,
    },
  });

  // Someone who left stays gone; otherwise the member follows Stripe.
  const next = member.status === "LEFT" ? "LEFT" : memberStatusFor(sub.status);
  if (next !== member.status) {
    await tx.member.update({ where: { id: member.id }, data: { status: next, statusChangedAt: new Date() } });
    // Purchases made before they paid — under their e-mail, or as the member while it awaited payment — are
    // rewarded once the membership is paid for.
    if (member.status === "PENDING_PAYMENT" && next === "ACTIVE") {
      const actor = { type: "WEBHOOK" as const, id: `stripe:${sub.id}` };
      await claimPurchases(tx, { programId: member.program_id, member: { id: member.id, segment: member.segment, tier: member.tier }, email: member.email, actor });
      await rewardPurchasesAwaitingPayment(tx, { memberId: member.id, programId: member.program_id, member: { segment: member.segment, tier: member.tier }, actor });
    }
  }
  return { memberId: member.id, status: next, stripeStatus: sub.status };
}
