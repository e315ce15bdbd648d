import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { GuardKind, RewardStatus } from "@/lib/db/generated/enums";
import { BPS_PER_WHOLE } from "@/lib/money/bps";
import type { Currency } from "@/lib/money/currency";

const DAY_MS = 24 * 60 * 60 * 1000;
export const OVERVIEW_SERIES_DAYS = 30;

export type CurrencyAmount = { currency: Currency; amountMinor: bigint };
export type SeriesPoint = { day: string; amountMinor: bigint };
export type CashbackSeries = { currency: Currency; points: SeriesPoint[] };
export type OverviewActivity = {
  id: string;
  rewardId: string;
  fromStatus: RewardStatus | null;
  toStatus: RewardStatus;
  amountMinor: bigint;
  currency: Currency;
  reason: string | null;
  createdAt: Date;
  orderId: string;
  memberCode: string;
  memberName: string | null;
};

export type ProviderOverview = {
  programs: number;
  members: number;
  purchasesToday: number;
  cashbackToday: CurrencyAmount[];
  cashback30Days: CurrencyAmount[];
  /** Cashback spent with the provider: captured minus refunded, of the redemptions captured in the period. */
  redeemedToday: CurrencyAmount[];
  redeemed30Days: CurrencyAmount[];
  /** Redeemed ÷ issued over the 30 days, per currency, in basis points; null when nothing was issued. */
  redemptionRate30Days: { currency: Currency; bps: number | null }[];
  reviewQueue: number;
  failedDeliveriesToday: number;
  guardHits30Days: { guard: GuardKind; count: number }[];
  /** What the provider owes its members: their pending + available + held balances. */
  liability: CurrencyAmount[];
  series: CashbackSeries[];
  latestActivity: OverviewActivity[];
};

const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The figures of the provider's Overview page, all computed by SQL aggregates over the provider's programs.
 * "Today" is the UTC day of `now`; the 30-day window is today and the 29 days before it, so the stat and the
 * chart add up to the same total. Liability is summed from the members' ledger accounts rather than read
 * from PROVIDER_LIABILITY, so it is per member-facing balance and unaffected by settlements.
 */
export async function getProviderOverview(db: DbOrTx, providerId: string, now = new Date()): Promise<ProviderOverview> {
  const today = utcDay(now);
  const windowStart = new Date(today.getTime() - (OVERVIEW_SERIES_DAYS - 1) * DAY_MS);
  const programs = await db.program.findMany({ where: { providerId }, select: { id: true, currency: true }, orderBy: { createdAt: "asc" } });
  const programIds = programs.map((p) => p.id);
  const inPrograms = { programId: { in: programIds } };
  const issued: RewardStatus[] = ["PENDING", "AVAILABLE"];

  const redeemedIn = (from: Date) =>
    db.redemption.groupBy({ by: ["currency"], where: { ...inPrograms, capturedAt: { gte: from, lte: now } }, _sum: { amountCaptured: true, amountRefunded: true } });

  const [members, purchasesToday, cashbackToday, cashback30Days, reviewQueue, failedDeliveriesToday, guardHits, liability, daily, events, redeemedToday, redeemed30Days] =
    await Promise.all([
      db.member.count({ where: inPrograms }),
      db.purchase.count({ where: { ...inPrograms, createdAt: { gte: today, lte: now } } }),
      db.reward.groupBy({ by: ["currency"], where: { ...inPrograms, status: { in: issued }, createdAt: { gte: today, lte: now } }, _sum: { amountMinor: true } }),
      db.reward.groupBy({ by: ["currency"], where: { ...inPrograms, status: { in: issued }, createdAt: { gte: windowStart, lte: now } }, _sum: { amountMinor: true } }),
      db.reward.count({ where: { ...inPrograms, status: { in: ["PENDING_REVIEW", "HELD"] } } }),
      // Refusals and hits from unsigned requests are aggregated rows: each counts as what it stands for.
      db.webhookDelivery.aggregate({ where: { ...inPrograms, status: "REJECTED", createdAt: { gte: today, lte: now } }, _sum: { repeats: true } }).then((r) => r._sum.repeats ?? 0),
      db.guardHit.groupBy({ by: ["guard"], where: { ...inPrograms, createdAt: { gte: windowStart, lte: now } }, _sum: { hits: true } }),
      db.$queryRaw<{ currency: Currency; total: bigint }[]>`
        SELECT a.currency::text AS currency, sum(a.balance)::bigint AS total
          FROM ledger_accounts a
          JOIN members m ON a.owner_type = 'MEMBER' AND a.owner_id = m.id::text
          JOIN programs p ON p.id = m.program_id
         WHERE p.provider_id = ${providerId}::uuid AND a.kind IN ('MEMBER_PENDING', 'MEMBER_AVAILABLE', 'MEMBER_HELD')
         GROUP BY a.currency`,
      db.$queryRaw<{ day: string; currency: Currency; total: bigint }[]>`
        SELECT to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, r.currency::text AS currency,
               sum(r.amount_minor)::bigint AS total
          FROM rewards r
          JOIN programs p ON p.id = r.program_id
         WHERE p.provider_id = ${providerId}::uuid AND r.status IN ('PENDING', 'AVAILABLE')
           AND r.created_at >= ${windowStart} AND r.created_at <= ${now}
         GROUP BY 1, 2`,
      db.rewardEvent.findMany({
        where: { reward: inPrograms },
        orderBy: { id: "desc" },
        take: 10,
        select: {
          id: true,
          fromStatus: true,
          toStatus: true,
          amountMinor: true,
          reason: true,
          createdAt: true,
          reward: { select: { id: true, currency: true, purchase: { select: { orderId: true } }, member: { select: { code: true, user: { select: { name: true } } } } } },
        },
      }),
      redeemedIn(today),
      redeemedIn(windowStart),
    ]);

  const amounts = (rows: { currency: Currency; _sum: { amountMinor: bigint | null } }[]) =>
    rows.map((r) => ({ currency: r.currency, amountMinor: r._sum.amountMinor ?? 0n })).filter((r) => r.amountMinor !== 0n);

  const redeemed = (rows: { currency: Currency; _sum: { amountCaptured: bigint | null; amountRefunded: bigint | null } }[]) =>
    rows.map((r) => ({ currency: r.currency, amountMinor: (r._sum.amountCaptured ?? 0n) - (r._sum.amountRefunded ?? 0n) })).filter((r) => r.amountMinor !== 0n);
  const issued30 = amounts(cashback30Days);
  const redeemed30 = redeemed(redeemed30Days);
  const rateCurrencies = [...new Set<Currency>([...issued30.map((a) => a.currency), ...redeemed30.map((a) => a.currency)])];
  const redemptionRate30Days = rateCurrencies.map((currency) => {
    const issuedMinor = issued30.find((a) => a.currency === currency)?.amountMinor ?? 0n;
    const redeemedMinor = redeemed30.find((a) => a.currency === currency)?.amountMinor ?? 0n;
    // Rounded down to a whole basis point; integers only.
    return { currency, bps: issuedMinor > 0n ? Number((redeemedMinor * BPS_PER_WHOLE) / issuedMinor) : null };
  });

  // One zero-filled series per currency the provider's programs use (or that has rewards).
  const currencies = [...new Set<Currency>([...programs.map((p) => p.currency), ...daily.map((d) => d.currency)])];
  const days = Array.from({ length: OVERVIEW_SERIES_DAYS }, (_, i) => isoDay(new Date(windowStart.getTime() + i * DAY_MS)));
  const byKey = new Map(daily.map((d) => [`${d.currency}:${d.day}`, d.total]));
  const series = currencies.map((currency) => ({
    currency,
    points: days.map((day) => ({ day, amountMinor: byKey.get(`${currency}:${day}`) ?? 0n })),
  }));

  return {
    programs: programs.length,
    members,
    purchasesToday,
    cashbackToday: amounts(cashbackToday),
    cashback30Days: issued30,
    redeemedToday: redeemed(redeemedToday),
    redeemed30Days: redeemed30,
    redemptionRate30Days,
    reviewQueue,
    failedDeliveriesToday,
    guardHits30Days: guardHits.map((g) => ({ guard: g.guard, count: g._sum.hits ?? 0 })).sort((a, b) => b.count - a.count),
    liability: liability.map((l) => ({ currency: l.currency, amountMinor: l.total })).filter((l) => l.amountMinor !== 0n),
    series,
    latestActivity: events.map((e) => ({
      id: e.id.toString(),
      rewardId: e.reward.id,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      amountMinor: e.amountMinor,
      currency: e.reward.currency,
      reason: e.reason,
      createdAt: e.createdAt,
      orderId: e.reward.purchase.orderId,
      memberCode: e.reward.member.code,
      memberName: e.reward.member.user.name,
    })),
  };
}
