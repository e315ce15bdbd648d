import type { Currency } from "@/lib/money/currency";

/** A membership as the profile page hands it to the client (amounts as strings of minor units). */
export type MembershipView = {
  memberId: string;
  status: "ACTIVE" | "PENDING_PAYMENT" | "SUSPENDED" | "LEFT";
  programName: string;
  programSlug: string;
  currency: Currency;
  available: string;
  pending: string;
  held: string;
  /** Pays for the membership through a subscription that can still charge. */
  paying: boolean;
  /** Paid membership (even if unpaid now): it can be ended whatever its status. */
  paid: boolean;
  /** When a paying membership renews, or ends once its renewal was cancelled (ISO time); null when unknown. */
  renewal: { periodEnd: string; endsAtPeriodEnd: boolean } | null;
};
