import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, ProviderStatus } from "@/lib/db/generated/enums";
import { listReconciliations, type ReconciliationRun } from "./reconciliations";

const DAY_MS = 24 * 60 * 60 * 1000;
export const PLATFORM_SERIES_DAYS = 30;

export type CurrencyAmount = { currency: Currency; amountMinor: bigint };
export type Flow = { today: CurrencyAmount[]; days30: CurrencyAmount[] };

export type PlatformOverview = {
  providers: Record<ProviderStatus, number>;
  members: number;
  /** Cashback moved by kind of ledger transaction (gross: a later reversal is not netted out). */
  issued: Flow;
  redeemed: Flow;
  withdrawn: Flow;
  expired: Flow;
  /** What members hold (pending + available + held), per currency. */
  liability: CurrencyAmount[];
  commission: { currency: Currency; earnedMinor: bigint; invoicedMinor: bigint }[];
  payoutsClearing: CurrencyAmount[];
  guardHits24h: number;
  withdrawalsAwaitingApproval: number;
  lastReconciliation: ReconciliationRun | null;
  /** Cashback issued per day over the last 30 days (UTC), per currency, zero-filled. */
  issuedSeries: { currency: Currency; points: { day: string; amountMinor: bigint }[] }[];
};

// The amount a transaction moved is the sum of its positive entries; which accounts count depends on the kind.
// EARN: into member accounts. REDEEM_CAPTURE: into provider liability. WITHDRAW: into payouts clearing. EXPIRE:
// out of member available (the positive leg is the provider's liability).
const FLOWS = {
  issued: { kind: "EARN", accountKinds: ["MEMBER_PENDING", "MEMBER_AVAILABLE"] },
  redeemed: { kind: "REDEEM_CAPTURE", accountKinds: ["PROVIDER_LIABILITY"] },
  withdrawn: { kind: "WITHDRAW", accountKinds: ["PAYOUTS_CLEARING"] },
  expired: { kind: "EXPIRE", accountKinds: ["PROVIDER_LIABILITY"] },
} as const;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

type FlowRow = { flow: keyof typeof FLOWS; window: "today" | "days30"; currency: Currency; total: bigint };

/** The platform at a glance for its admins: one read of each figure, all integers in minor units per currency. */
export async function getPlatformOverview(db: DbOrTx, params: { now?: Date } = {}): Promise<PlatformOverview> {
  const now = params.now ?? new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const windowStart = new Date(today.getTime() - (PLATFORM_SERIES_DAYS - 1) * DAY_MS);

  const flowQuery = (name: keyof typeof FLOWS) => {
    const f = FLOWS[name];
    return db.$queryRaw<Omit<FlowRow, "flow">[]>`
      SELECT CASE WHEN t.created_at >= ${today} THEN 'today' ELSE 'days30' END AS "window", e.currency::text AS currency, sum(e.amount)::bigint AS total
        FROM ledger_transactions t
        JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount > 0
        JOIN ledger_accounts a ON a.id = e.account_id
       WHERE t.kind = ${f.kind}::"LedgerTransactionKind" AND t.created_at >= ${windowStart} AND t.created_at <= ${now}
         AND a.kind::text = ANY(${[...f.accountKinds]}::text[])
       GROUP BY 1, 2`.then((rows) => rows.map((r) => ({ ...r, flow: name })));
  };

  const [statuses, members, issued, redeemed, withdrawn, expired, balances, recorded, invoiced, guardHits, awaiting, reconciliations, daily] = await Promise.all([
    db.provider.groupBy({ by: ["status"], _count: { _all: true } }),
    db.member.count(),
    flowQuery("issued"),
    flowQuery("redeemed"),
    flowQuery("withdrawn"),
    flowQuery("expired"),
    db.$queryRaw<{ kind: string; currency: Currency; total: bigint }[]>`
      SELECT CASE WHEN kind IN ('MEMBER_PENDING', 'MEMBER_AVAILABLE', 'MEMBER_HELD') THEN 'liability' ELSE kind::text END AS kind,
             currency::text AS currency, sum(balance)::bigint AS total
        FROM ledger_accounts
       WHERE kind IN ('MEMBER_PENDING', 'MEMBER_AVAILABLE', 'MEMBER_HELD', 'PAYOUTS_CLEARING')
       GROUP BY 1, 2`,
    db.billingRecord.groupBy({ by: ["currency"], _sum: { commissionMinor: true } }),
    db.billingRecord.groupBy({ by: ["currency"], where: { invoiceId: { not: null } }, _sum: { commissionMinor: true } }),
    db.guardHit.aggregate({ where: { createdAt: { gte: new Date(now.getTime() - DAY_MS), lte: now } }, _sum: { hits: true } }),
    db.withdrawal.count({ where: { status: "AWAITING_APPROVAL" } }),
    listReconciliations(db, { take: 1 }),
    db.$queryRaw<{ day: string; currency: Currency; total: bigint }[]>`
      SELECT to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, e.currency::text AS currency, sum(e.amount)::bigint AS total
        FROM ledger_transactions t
        JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount > 0
        JOIN ledger_accounts a ON a.id = e.account_id
       WHERE t.kind = 'EARN' AND a.kind IN ('MEMBER_PENDING', 'MEMBER_AVAILABLE') AND t.created_at >= ${windowStart} AND t.created_at <= ${now}
       GROUP BY 1, 2`,
  ]);

  const flow = (rows: FlowRow[]): Flow => {
    const sum = (pick: (r: FlowRow) => boolean) => {
      const by = new Map<Currency, bigint>();
      for (const r of rows.filter(pick)) by.set(r.currency, (by.get(r.currency) ?? 0n) + r.total);
      return [...by].map(([currency, amountMinor]) => ({ currency, amountMinor })).filter((a) => a.amountMinor !== 0n);
    };
    return { today: sum((r) => r.window === "today"), days30: sum(() => true) };
  };

  const providers: Record<ProviderStatus, number> = { PENDING: 0, ACTIVE: 0, SUSPENDED: 0 };
  for (const s of statuses) providers[s.status] = s._count._all;

  const currencies = [...new Set(daily.map((d) => d.currency))];
  const days = Array.from({ length: PLATFORM_SERIES_DAYS }, (_, i) => isoDay(new Date(windowStart.getTime() + i * DAY_MS)));
  const byKey = new Map(daily.map((d) => [`${d.currency}:${d.day}`, d.total]));

  return {
    providers,
    members,
    issued: flow(issued),
    redeemed: flow(redeemed),
    withdrawn: flow(withdrawn),
    expired: flow(expired),
    liability: balances.filter((b) => b.kind === "liability" && b.total !== 0n).map((b) => ({ currency: b.currency, amountMinor: b.total })),
    payoutsClearing: balances.filter((b) => b.kind === "PAYOUTS_CLEARING" && b.total !== 0n).map((b) => ({ currency: b.currency, amountMinor: b.total })),
    commission: recorded.map((r) => ({
      currency: r.currency,
      earnedMinor: r._sum.commissionMinor ?? 0n,
      invoicedMinor: invoiced.find((i) => i.currency === r.currency)?._sum.commissionMinor ?? 0n,
    })),
    guardHits24h: guardHits._sum.hits ?? 0,
    withdrawalsAwaitingApproval: awaiting,
    lastReconciliation: reconciliations[0] ?? null,
    issuedSeries: currencies.map((currency) => ({ currency, points: days.map((day) => ({ day, amountMinor: byKey.get(`${currency}:${day}`) ?? 0n })) })),
  };
}
