import "server-only";
import { db } from "@/lib/db/client";
import type { Currency, MemberStatus } from "@/lib/db/generated/enums";
import { memberBalances } from "@/lib/ledger";
import { LIFETIME_STATUSES } from "./get-member-balance";
import { nextAction, type NextAction } from "./next-action";
import type { WalletJson } from "./wallet-view";

/** How many days of the pending schedule the wallet lists; the rest is one "later" amount. */
export const UPCOMING_DAYS = 4;

export type WalletAmounts = { available: bigint; pending: bigint; held: bigint; lifetime: bigint };

/** Cashback set aside from the available balance: a shop's open hold for a payment, or one of the member's vouchers. */
export type WalletReservation =
  | { kind: "payment"; id: string; amountMinor: bigint; expiresAt: Date; orderId: string }
  | { kind: "voucher"; id: string; amountMinor: bigint; expiresAt: Date; code: string };

export type WalletProgram = {
  memberId: string;
  code: string;
  status: MemberStatus;
  joinedAt: Date;
  program: { id: string; name: string; slug: string; currency: Currency; brandColor: string };
  balances: WalletAmounts;
  upcoming: { date: Date; amountMinor: bigint }[];
  upcomingLaterMinor: bigint;
  /** Open holds and active vouchers, soonest to expire first. */
  reserved: WalletReservation[];
  nextAction: NextAction;
};

export type Wallet = { programs: WalletProgram[]; totals: ({ currency: Currency; programs: number } & WalletAmounts)[]; asOf: Date };

const IN_REVIEW = new Set(["PENDING_REVIEW", "HELD"]);

/**
 * The member's wallet: every program they belong to (not the ones they left) with the ledger's available,
 * pending and held balances, lifetime earnings, when pending cashback becomes available, and a next step;
 * plus totals per currency.
 *
 * Lifetime earned = the amounts of the member's rewards that are PENDING or AVAILABLE, i.e. cashback
 * credited less what refunds and reversals took back (a reward's amount is reduced by them). Spending or
 * withdrawing does not lower it; rewards in review, held, rejected or fully reversed do not count. The
 * CLI's member:balance and the provider dashboard use the same definition (getMemberBalance).
 */
export async function getWallet(userId: string, now = new Date()): Promise<Wallet> {
  const members = await db.member.findMany({
    where: { userId, status: { not: "LEFT" } },
    orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
    select: { id: true, code: true, status: true, joinedAt: true, program: { select: { id: true, name: true, slug: true, currency: true, brandColor: true } } },
  });
  const ids = members.map((m) => m.id);
  if (ids.length === 0) return { programs: [], totals: [], asOf: now };
  const [balances, byStatus, schedule, linkedAccounts, holds, vouchers] = await Promise.all([
    memberBalances(db, ids),
    db.reward.groupBy({ by: ["memberId", "status"], where: { memberId: { in: ids } }, _sum: { amountMinor: true }, _count: { _all: true } }),
    db.$queryRaw<{ member_id: string; day: Date; amount: bigint }[]>`
      SELECT member_id::text AS member_id, date_trunc('day', available_at, 'UTC') AS day, sum(amount_minor)::bigint AS amount
        FROM rewards
       WHERE member_id = ANY(${ids}::uuid[]) AND status = 'PENDING' AND available_at IS NOT NULL
       GROUP BY 1, 2 ORDER BY 2`,
    db.linkedAccount.count({ where: { userId, status: "ACTIVE" } }),
    db.redemption.findMany({
      where: { memberId: { in: ids }, status: "REQUIRES_CAPTURE", expiresAt: { gt: now } },
      orderBy: { expiresAt: "asc" },
      select: { id: true, memberId: true, orderId: true, amountHeld: true, expiresAt: true },
    }),
    db.voucher.findMany({
      where: { memberId: { in: ids }, status: "ACTIVE", expiresAt: { gt: now } },
      orderBy: { expiresAt: "asc" },
      select: { id: true, memberId: true, code: true, amount: true, expiresAt: true },
    }),
  ]);

  const programs = members.map((m): WalletProgram => {
    const b = balances.get(m.id) ?? { pending: 0n, available: 0n, held: 0n };
    const rows = byStatus.filter((r) => r.memberId === m.id);
    const lifetime = rows.filter((r) => (LIFETIME_STATUSES as readonly string[]).includes(r.status)).reduce((s, r) => s + (r._sum.amountMinor ?? 0n), 0n);
    const rewardCount = rows.reduce((s, r) => s + r._count._all, 0);
    const inReviewCount = rows.filter((r) => IN_REVIEW.has(r.status)).reduce((s, r) => s + r._count._all, 0);
    const days = schedule.filter((s) => s.member_id === m.id);
    const reserved: WalletReservation[] = [
      ...holds.filter((h) => h.memberId === m.id).map((h) => ({ kind: "payment" as const, id: h.id, amountMinor: h.amountHeld, expiresAt: h.expiresAt, orderId: h.orderId })),
      ...vouchers.filter((v) => v.memberId === m.id).map((v) => ({ kind: "voucher" as const, id: v.id, amountMinor: v.amount, expiresAt: v.expiresAt, code: v.code })),
    ].sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
    return {
      memberId: m.id,
      code: m.code,
      status: m.status,
      joinedAt: m.joinedAt,
      program: m.program,
      balances: { ...b, lifetime },
      upcoming: days.slice(0, UPCOMING_DAYS).map((d) => ({ date: d.day, amountMinor: d.amount })),
      upcomingLaterMinor: days.slice(UPCOMING_DAYS).reduce((s, d) => s + d.amount, 0n),
      reserved,
      nextAction: nextAction({ memberId: m.id, status: m.status, programSlug: m.program.slug, rewardCount, inReviewCount, hasLinkedAccount: linkedAccounts > 0 }),
    };
  });

  const totals = new Map<Currency, { currency: Currency; programs: number } & WalletAmounts>();
  for (const p of programs) {
    const t = totals.get(p.program.currency) ?? { currency: p.program.currency, programs: 0, available: 0n, pending: 0n, held: 0n, lifetime: 0n };
    t.programs += 1;
    t.available += p.balances.available;
    t.pending += p.balances.pending;
    t.held += p.balances.held;
    t.lifetime += p.balances.lifetime;
    totals.set(p.program.currency, t);
  }
  return { programs, totals: [...totals.values()], asOf: now };
}

const amounts = (a: WalletAmounts) => ({ available: a.available.toString(), pending: a.pending.toString(), held: a.held.toString(), lifetime: a.lifetime.toString() });

export function walletToJson(w: Wallet): WalletJson {
  return {
    programs: w.programs.map((p) => ({
      ...p,
      joinedAt: p.joinedAt.toISOString(),
      balances: amounts(p.balances),
      upcoming: p.upcoming.map((u) => ({ date: u.date.toISOString(), amountMinor: u.amountMinor.toString() })),
      upcomingLaterMinor: p.upcomingLaterMinor.toString(),
      reserved: p.reserved.map((r) => ({ ...r, amountMinor: r.amountMinor.toString(), expiresAt: r.expiresAt.toISOString() })),
    })),
    totals: w.totals.map((t) => ({ currency: t.currency, programs: t.programs, ...amounts(t) })),
    asOf: w.asOf.toISOString(),
  };
}
