import "server-only";
import { db as defaultDb, type DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";

export type MembershipRevenueMonth = {
  /** First day (UTC) of the month. */
  period: Date;
  currency: Currency;
  payments: number;
  /** What members paid. */
  grossMinor: bigint;
  /** The platform's application fee, less fees given back on refunds. */
  platformFeeMinor: bigint;
  /** Transferred to the business's Stripe account, less transfers reversed (on refunds and lost disputes). */
  transferredMinor: bigint;
  refundedMinor: bigint;
  /** Lost to disputes (the card network gave it back to the member), and the part of it reversed from the business's transfers. */
  disputedMinor: bigint;
  disputeReversedMinor: bigint;
  /** Paid on the platform's account by subscriptions from before Connect: neither fee nor transfer. */
  heldByPlatformMinor: bigint;
};

/** The business's membership revenue per month and currency, newest first, from the recorded payments. */
export async function getMembershipRevenue(db: DbOrTx, providerId: string): Promise<MembershipRevenueMonth[]> {
  const rows = await db.membershipPayment.groupBy({
    by: ["period", "currency"],
    where: { providerId },
    _count: { _all: true },
    _sum: { grossMinor: true, applicationFeeMinor: true, transferredMinor: true, refundedMinor: true, feeRefundedMinor: true, transferReversedMinor: true, disputedMinor: true, disputeReversedMinor: true },
    orderBy: [{ period: "desc" }, { currency: "asc" }],
  });
  const held = await db.membershipPayment.groupBy({ by: ["period", "currency"], where: { providerId, destinationAccountId: null }, _sum: { grossMinor: true } });
  const heldKey = new Map(held.map((h) => [`${h.period.toISOString()}|${h.currency}`, h._sum.grossMinor ?? 0n]));
  return rows.map((r) => ({
    period: r.period,
    currency: r.currency,
    payments: r._count._all,
    grossMinor: r._sum.grossMinor ?? 0n,
    platformFeeMinor: (r._sum.applicationFeeMinor ?? 0n) - (r._sum.feeRefundedMinor ?? 0n),
    transferredMinor: (r._sum.transferredMinor ?? 0n) - (r._sum.transferReversedMinor ?? 0n),
    refundedMinor: r._sum.refundedMinor ?? 0n,
    disputedMinor: r._sum.disputedMinor ?? 0n,
    disputeReversedMinor: r._sum.disputeReversedMinor ?? 0n,
    heldByPlatformMinor: heldKey.get(`${r.period.toISOString()}|${r.currency}`) ?? 0n,
  }));
}

/** The same for the dashboard's Billing page, on the application's database. */
export function providerMembershipRevenue(providerId: string): Promise<MembershipRevenueMonth[]> {
  return getMembershipRevenue(defaultDb, providerId);
}
