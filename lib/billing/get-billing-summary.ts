import "server-only";
import { db } from "@/lib/db/client";
import { commissionTiers, periodOf, rateFor } from "./commission-tiers";

/** This month so far, per currency: cashback awarded, commission accrued, and the rate the next award pays. */
export async function getBillingSummary(providerId: string, now: Date = new Date()) {
  const period = periodOf(now);
  const rows = await db.billingRecord.groupBy({ by: ["currency"], where: { providerId, period }, _sum: { awardMinor: true, commissionMinor: true }, _count: { _all: true } });
  const tiers = commissionTiers();
  return {
    period,
    tiers,
    months: rows.map((r) => ({
      currency: r.currency,
      awards: r._count._all,
      awardedMinor: r._sum.awardMinor ?? 0n,
      commissionMinor: r._sum.commissionMinor ?? 0n,
      nextRateBps: rateFor(tiers, r._sum.awardMinor ?? 0n),
    })),
  };
}
