import "server-only";
import type { Db } from "@/lib/db/client";
import type { MemberStatus } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { idOf, stripe } from "@/lib/stripe/client";
import { syncSubscription } from "./sync-subscription";

export type CheckoutReturn = {
  memberId: string;
  code: string;
  status: MemberStatus;
  program: { name: string; slug: string; brandColor: string };
  /** Stripe's view of the Checkout Session: complete once paid. */
  checkout: "open" | "complete" | "expired";
};

/**
 * Where the member lands back from Checkout. Does not wait for the webhook: re-reads the session and its
 * subscription from Stripe and converges the membership now (the webhook, arriving before or after, then
 * finds nothing left to change). Only the member who started the checkout may look at it.
 */
export async function confirmMembershipCheckout(db: Db, input: { userId: string; sessionId: string }): Promise<CheckoutReturn> {
  const row = await db.membershipSubscription.findUnique({
    where: { checkoutSessionId: input.sessionId },
    select: { member: { select: { id: true, userId: true } } },
  });
  if (!row || row.member.userId !== input.userId) throw new DomainError("NOT_FOUND", "We could not find that payment for your account.");
  const session = await stripe().checkout.sessions.retrieve(input.sessionId);
  const subscriptionId = idOf(session.subscription);
  if (subscriptionId) await db.$transaction((tx) => syncSubscription(tx, subscriptionId), { timeout: 30_000, maxWait: 10_000 });
  const member = await db.member.findUniqueOrThrow({
    where: { id: row.member.id },
    select: { id: true, code: true, status: true, program: { select: { name: true, slug: true, brandColor: true } } },
  });
  return { memberId: member.id, code: member.code, status: member.status, program: member.program, checkout: session.status === "complete" ? "complete" : session.status === "expired" ? "expired" : "open" };
}
