import "server-only";
import { db } from "@/lib/db/client";
import { commissionTiers, periodOf, rateFor } from "./commission-tiers";

/** This month so far, per currency: cashback awarded, commission accrued (net of credits), and the rate the next award pays. */
export async function getBillingSummary(providerId: string, now: Date = new Date()) {
  const period = periodOf(now);
  const [rows, programs, net] = await Promise.all([
    db.billingRecord.groupBy({ by: ["currency", "kind"], where: { providerId, period }, _sum: { awardMinor: true, commissionMinor: true }, _count: { _all: true } }),
    // Points carry no commission, so tier thresholds only apply in the money currencies.
    db.program.findMany({ where: { providerId, currency: { not: "PTS" } }, select: { currency: true }, distinct: ["currency"], orderBy: { currency: "asc" } }),
    // The month's awards less what was credited back for them since: the volume the next award's tier is read from.
    db.$queryRaw<{ currency: string; award: bigint }[]>`
      SELECT b.currency::text, COALESCE(sum(x.award_minor), 0)::bigint AS award
        FROM billing_records x JOIN billing_records b ON b.reward_id = x.reward_id AND b.kind = 'COMMISSION'
       WHERE b.provider_id = ${providerId}::uuid AND b.period = ${period}::date GROUP BY b.currency`,
  ]);
  const tiers = commissionTiers();
  const currencies = [...new Set(rows.map((r) => r.currency))];
  return {
    period,
    tiers,
    /** The currencies the tier thresholds (minor units of the award's currency) are read in. */
    tierCurrencies: programs.map((p) => p.currency),
    months: currencies.map((currency) => {
      const of = (kind: "COMMISSION" | "CREDIT") => rows.find((r) => r.currency === currency && r.kind === kind);
      const awarded = of("COMMISSION")?._sum.awardMinor ?? 0n;
      return {
        currency,
        awards: of("COMMISSION")?._count._all ?? 0,
        awardedMinor: awarded,
        // Net of credits for awards reversed or reduced this month.
        commissionMinor: (of("COMMISSION")?._sum.commissionMinor ?? 0n) + (of("CREDIT")?._sum.commissionMinor ?? 0n),
        creditedMinor: -(of("CREDIT")?._sum.commissionMinor ?? 0n),
        // The tier follows the month's awards net of reversals (what accrual counts: docs/money-rules.md).
        nextRateBps: rateFor(tiers, net.find((n) => n.currency === currency)?.award ?? 0n),
      };
    }),
  };
}
