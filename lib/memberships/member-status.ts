import type { MemberStatus } from "@/lib/db/generated/enums";

/** Stripe subscription statuses after which Stripe never charges again. */
export const ENDED_STATUSES: ReadonlySet<string> = new Set(["canceled", "incomplete_expired"]);

/** Stripe subscription statuses that let a member earn. */
export const EARNING_STATUSES: ReadonlySet<string> = new Set(["active", "trialing"]);

/**
 * What a Stripe subscription status means for the member: active/trialing earn; incomplete is still being
 * paid for; everything else (past_due, unpaid, canceled, incomplete_expired, paused) suspends earning.
 */
export function memberStatusFor(stripeStatus: string): MemberStatus {
  if (EARNING_STATUSES.has(stripeStatus)) return "ACTIVE";
  if (stripeStatus === "incomplete") return "PENDING_PAYMENT";
  return "SUSPENDED";
}
