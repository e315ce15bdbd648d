import "server-only";
import { db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";

export type MonthOfMoney = {
  /** First day of the month (UTC). */
  period: Date;
  currency: Currency;
  payouts: number;
  /** Cashback paid out to members that month (payout charges still standing), and how it was funded. */
  paidOutMinor: bigint;
  prepaidMinor: bigint;
  invoicedMinor: bigint;
  /** Commission on the month's awards, after credits for awards reversed or reduced (creditedMinor, positive). */
  commissionMinor: bigint;
  creditedMinor: bigint;
  awards: number;
  topUps: number;
  toppedUpMinor: bigint;
};

/**
 * The provider's money with the platform month by month (newest first, the last 12 months that have any):
 * cashback paid out to its members, commission with credits, and prepaid top-ups, per currency.
 */
export async function getMoneyByMonth(providerId: string): Promise<MonthOfMoney[]> {
  const rows = await db.$queryRaw<
    { period: Date; currency: Currency; payouts: bigint; paid_out: bigint; prepaid: bigint; invoiced: bigint; commission: bigint; credited: bigint; awards: bigint; top_ups: bigint; topped_up: bigint }[]
  >`
    WITH p AS (SELECT period, currency, count(*) AS payouts, sum(amount_minor) AS paid_out, sum(prepaid_minor) AS prepaid, sum(invoiced_minor) AS invoiced
                 FROM payout_charges WHERE provider_id = ${providerId}::uuid AND charged_back_at IS NULL GROUP BY period, currency),
         c AS (SELECT period, currency, sum(commission_minor) AS commission, -sum(commission_minor) FILTER (WHERE kind = 'CREDIT') AS credited,
                      count(*) FILTER (WHERE kind = 'COMMISSION') AS awards
                 FROM billing_records WHERE provider_id = ${providerId}::uuid GROUP BY period, currency),
         t AS (SELECT date_trunc('month', paid_at AT TIME ZONE 'UTC')::date AS period, currency, count(*) AS top_ups, sum(amount_minor) AS topped_up
                 FROM provider_top_ups WHERE provider_id = ${providerId}::uuid AND status = 'paid' GROUP BY 1, 2),
         k AS (SELECT period, currency FROM p UNION SELECT period, currency FROM c UNION SELECT period, currency FROM t)
    SELECT k.period, k.currency::text AS currency,
           coalesce(p.payouts, 0)::bigint AS payouts, coalesce(p.paid_out, 0)::bigint AS paid_out, coalesce(p.prepaid, 0)::bigint AS prepaid,
           coalesce(p.invoiced, 0)::bigint AS invoiced, coalesce(c.commission, 0)::bigint AS commission, coalesce(c.credited, 0)::bigint AS credited,
           coalesce(c.awards, 0)::bigint AS awards, coalesce(t.top_ups, 0)::bigint AS top_ups, coalesce(t.topped_up, 0)::bigint AS topped_up
      FROM k LEFT JOIN p USING (period, currency) LEFT JOIN c USING (period, currency) LEFT JOIN t USING (period, currency)
     ORDER BY k.period DESC, k.currency LIMIT 24`;
  return rows.map((r) => ({
    period: r.period,
    currency: r.currency,
    payouts: Number(r.payouts),
    paidOutMinor: r.paid_out,
    prepaidMinor: r.prepaid,
    invoicedMinor: r.invoiced,
    commissionMinor: r.commission,
    creditedMinor: r.credited,
    awards: Number(r.awards),
    topUps: Number(r.top_ups),
    toppedUpMinor: r.topped_up,
  }));
}

/** One month's payout charges (the withdrawals behind "cashback paid out") and paid top-ups, for the month page. */
export async function getMonthDetail(providerId: string, period: Date) {
  const next = new Date(Date.UTC(period.getUTCFullYear(), period.getUTCMonth() + 1, 1));
  const [charges, topUps] = await Promise.all([
    db.payoutCharge.findMany({
      where: { providerId, period },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        currency: true,
        amountMinor: true,
        prepaidMinor: true,
        invoicedMinor: true,
        chargedBackAt: true,
        createdAt: true,
        invoice: { select: { status: true } },
        program: { select: { name: true } },
        withdrawal: { select: { id: true, memberId: true, member: { select: { code: true } } } },
      },
    }),
    db.providerTopUp.findMany({ where: { providerId, status: "paid", paidAt: { gte: period, lt: next } }, orderBy: { paidAt: "desc" }, select: { id: true, currency: true, amountMinor: true, paidAt: true } }),
  ]);
  return { charges, topUps };
}
