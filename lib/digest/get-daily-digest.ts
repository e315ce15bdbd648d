import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/money/currency";
import { countFailedOutboundDeliveries } from "./outbound-failures";

export type CurrencyAmount = { currency: Currency; amountMinor: bigint };

export type ProgramDigest = {
  programId: string;
  name: string;
  currency: Currency;
  /** Purchases recorded in the day (any source). */
  orders: number;
  /** From the ledger, per currency: EARN into members' accounts, REDEEM_CAPTURE out of members' held cashback,
   *  REVERSE out of members' pending or available cashback (reward reversals; a returned payout is not one). */
  issued: CurrencyAmount[];
  redeemed: CurrencyAmount[];
  reversed: CurrencyAmount[];
  newMembers: number;
  /** Rewards waiting for a decision when the digest was made (a queue, not a flow). */
  reviewQueue: number;
  guardHits: number;
  /** Refused inbound order events (signature, validation, …) in the day. */
  failedInboundDeliveries: number;
  /** Failed outbound webhook delivery attempts in the day. */
  failedOutboundDeliveries: number;
  /** What members hold (pending + available + held) when the digest was made. */
  liability: CurrencyAmount[];
};

export type DailyDigest = {
  providerId: string;
  providerName: string;
  /** The local calendar day reported, "YYYY-MM-DD", and the zone it is read in. */
  day: string;
  timeZone: string;
  /** The day as instants: [from, to). 23 or 25 hours long on a daylight-saving change. */
  from: Date;
  to: Date;
  programs: ProgramDigest[];
};

type FlowRow = { program_id: string; flow: "issued" | "redeemed" | "reversed"; currency: Currency; total: bigint };
type CountRow = { program_id: string; n: bigint };
type AmountRow = { program_id: string; currency: Currency; total: bigint };

const byProgram = (rows: CountRow[]) => new Map(rows.map((r) => [r.program_id, Number(r.n)]));

function amounts(rows: { program_id: string; currency: Currency; total: bigint }[], programId: string): CurrencyAmount[] {
  return rows
    .filter((r) => r.program_id === programId && r.total !== 0n)
    .map((r) => ({ currency: r.currency, amountMinor: r.total }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/**
 * The figures of one local day for each of a provider's programs: the one function behind the e-mail and
 * the dashboard preview. `day` is a calendar date read in `timeZone` (an IANA zone; PostgreSQL turns the
 * local midnights into instants, daylight-saving changes included). Money comes from ledger rows, per
 * currency, in minor units.
 */
export async function getDailyDigest(db: DbOrTx, params: { providerId: string; day: string; timeZone: string }): Promise<DailyDigest> {
  const { providerId, day, timeZone } = params;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`digest day must be YYYY-MM-DD, got ${day}`);
  const [bounds] = await db.$queryRaw<{ from: Date; to: Date }[]>`
    SELECT (${day}::date::timestamp AT TIME ZONE ${timeZone}) AS "from",
           ((${day}::date + 1)::timestamp AT TIME ZONE ${timeZone}) AS "to"`;
  const { from, to } = bounds!;
  const provider = await db.provider.findUniqueOrThrow({
    where: { id: providerId },
    select: { name: true, programs: { select: { id: true, name: true, currency: true }, orderBy: { createdAt: "asc" } } },
  });
  const ids = provider.programs.map((p) => p.id);

  const [flows, orders, joined, queue, guards, refused, liability, outbound] = await Promise.all([
    db.$queryRaw<FlowRow[]>`
      SELECT m.program_id::text AS program_id,
             CASE t.kind WHEN 'EARN' THEN 'issued' WHEN 'REDEEM_CAPTURE' THEN 'redeemed' ELSE 'reversed' END AS flow,
             e.currency::text AS currency,
             abs(sum(e.amount))::bigint AS total
        FROM members m
        JOIN ledger_accounts a ON a.owner_type = 'MEMBER' AND a.owner_id = m.id::text
        JOIN ledger_entries e ON e.account_id = a.id
        JOIN ledger_transactions t ON t.id = e.transaction_id
       WHERE m.program_id = ANY(${ids}::uuid[])
         AND t.created_at >= ${from} AND t.created_at < ${to}
         AND ((t.kind = 'EARN' AND e.amount > 0)
           OR (t.kind = 'REDEEM_CAPTURE' AND e.amount < 0)
           OR (t.kind = 'REVERSE' AND e.amount < 0))
       GROUP BY 1, 2, 3`,
    db.$queryRaw<CountRow[]>`
      SELECT program_id::text AS program_id, count(*) AS n FROM purchases
       WHERE program_id = ANY(${ids}::uuid[]) AND created_at >= ${from} AND created_at < ${to} GROUP BY 1`,
    db.$queryRaw<CountRow[]>`
      SELECT program_id::text AS program_id, count(*) AS n FROM members
       WHERE program_id = ANY(${ids}::uuid[]) AND joined_at >= ${from} AND joined_at < ${to} GROUP BY 1`,
    db.$queryRaw<CountRow[]>`
      SELECT program_id::text AS program_id, count(*) AS n FROM rewards
       WHERE program_id = ANY(${ids}::uuid[]) AND status IN ('PENDING_REVIEW', 'HELD') GROUP BY 1`,
    // Hits and refusals from unsigned requests are aggregated rows: each counts as what it stands for.
    db.$queryRaw<CountRow[]>`
      SELECT program_id::text AS program_id, coalesce(sum(hits), 0)::bigint AS n FROM guard_hits
       WHERE program_id = ANY(${ids}::uuid[]) AND created_at >= ${from} AND created_at < ${to} GROUP BY 1`,
    db.$queryRaw<CountRow[]>`
      SELECT program_id::text AS program_id, coalesce(sum(repeats), 0)::bigint AS n FROM webhook_deliveries
       WHERE program_id = ANY(${ids}::uuid[]) AND status = 'REJECTED' AND created_at >= ${from} AND created_at < ${to} GROUP BY 1`,
    db.$queryRaw<AmountRow[]>`
      SELECT m.program_id::text AS program_id, a.currency::text AS currency, sum(a.balance)::bigint AS total
        FROM members m
        JOIN ledger_accounts a ON a.owner_type = 'MEMBER' AND a.owner_id = m.id::text
       WHERE m.program_id = ANY(${ids}::uuid[]) AND a.kind IN ('MEMBER_PENDING', 'MEMBER_AVAILABLE', 'MEMBER_HELD')
       GROUP BY 1, 2`,
    countFailedOutboundDeliveries(db, ids, { from, to }),
  ]);

  const counts = { orders: byProgram(orders), joined: byProgram(joined), queue: byProgram(queue), guards: byProgram(guards), refused: byProgram(refused) };
  return {
    providerId,
    providerName: provider.name,
    day,
    timeZone,
    from,
    to,
    programs: provider.programs.map((p) => ({
      programId: p.id,
      name: p.name,
      currency: p.currency,
      orders: counts.orders.get(p.id) ?? 0,
      issued: amounts(flows.filter((f) => f.flow === "issued"), p.id),
      redeemed: amounts(flows.filter((f) => f.flow === "redeemed"), p.id),
      reversed: amounts(flows.filter((f) => f.flow === "reversed"), p.id),
      newMembers: counts.joined.get(p.id) ?? 0,
      reviewQueue: counts.queue.get(p.id) ?? 0,
      guardHits: counts.guards.get(p.id) ?? 0,
      failedInboundDeliveries: counts.refused.get(p.id) ?? 0,
      failedOutboundDeliveries: outbound.get(p.id) ?? 0,
      liability: amounts(liability, p.id),
    })),
  };
}
