import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, GuardKind, RewardStatus } from "@/lib/db/generated/enums";
import { listWithdrawalsAwaitingApproval, type WithdrawalRisk } from "./withdrawal-risk";

const DAY_MS = 24 * 60 * 60 * 1000;

export type RiskReview = {
  /** Guard hits in the last 7 days per program and guard, most first. */
  guardHits: { programId: string; programName: string; providerId: string; guard: GuardKind; hits: number; lastAt: Date }[];
  /** Rewards waiting for a business's review (held by a guard or above its threshold), largest first. */
  heldRewards: { id: string; programName: string; providerId: string; status: RewardStatus; amountMinor: bigint; currency: Currency; explanation: string; orderId: string | null; createdAt: Date }[];
  /** Reversals the businesses have not triggered yet (refunds after the hold period), per currency. */
  reversalsDue: { currency: Currency; amountMinor: bigint; rewards: number }[];
  /** Cashback reversed after the member had spent it, per currency: the businesses' loss. */
  unrecovered: { currency: Currency; amountMinor: bigint }[];
  /** Withdrawals waiting for a platform admin, with how their money was earned and their flags (decided on /admin/withdrawals). */
  withdrawals: WithdrawalRisk[];
};

/** What deserves a platform admin's look across all businesses: guard hits, held rewards, unrecovered reversals, withdrawals to approve. */
export async function listRiskReview(db: DbOrTx, params: { now?: Date } = {}): Promise<RiskReview> {
  const now = params.now ?? new Date();
  const since = new Date(now.getTime() - 7 * DAY_MS);
  const [hits, held, due, unrecovered, withdrawals] = await Promise.all([
    db.guardHit.groupBy({ by: ["programId", "guard"], where: { createdAt: { gte: since, lte: now }, programId: { not: null } }, _sum: { hits: true }, _max: { createdAt: true } }),
    db.reward.findMany({
      where: { status: { in: ["PENDING_REVIEW", "HELD"] } },
      orderBy: [{ amountMinor: "desc" }, { createdAt: "asc" }],
      take: 50,
      select: { id: true, status: true, amountMinor: true, currency: true, explanation: true, createdAt: true, purchase: { select: { orderId: true } }, program: { select: { name: true, providerId: true } } },
    }),
    db.reward.groupBy({ by: ["currency"], where: { reversalDueMinor: { gt: 0 } }, _sum: { reversalDueMinor: true }, _count: { _all: true } }),
    db.reward.groupBy({ by: ["currency"], where: { unrecoveredMinor: { gt: 0 } }, _sum: { unrecoveredMinor: true } }),
    listWithdrawalsAwaitingApproval(db),
  ]);
  const programIds = [...new Set(hits.flatMap((h) => (h.programId ? [h.programId] : [])))];
  const programs = programIds.length ? await db.program.findMany({ where: { id: { in: programIds } }, select: { id: true, name: true, providerId: true } }) : [];
  const byId = new Map(programs.map((p) => [p.id, p]));
  return {
    guardHits: hits
      .flatMap((h) => {
        const program = h.programId ? byId.get(h.programId) : undefined;
        return program ? [{ programId: program.id, programName: program.name, providerId: program.providerId, guard: h.guard, hits: h._sum.hits ?? 0, lastAt: h._max.createdAt ?? now }] : [];
      })
      .sort((a, b) => b.hits - a.hits),
    heldRewards: held.map((r) => ({
      id: r.id,
      programName: r.program.name,
      providerId: r.program.providerId,
      status: r.status,
      amountMinor: r.amountMinor,
      currency: r.currency,
      explanation: r.explanation,
      orderId: r.purchase.orderId,
      createdAt: r.createdAt,
    })),
    reversalsDue: due.map((d) => ({ currency: d.currency, amountMinor: d._sum.reversalDueMinor ?? 0n, rewards: d._count._all })),
    unrecovered: unrecovered.map((u) => ({ currency: u.currency, amountMinor: u._sum.unrecoveredMinor ?? 0n })),
    withdrawals,
  };
}
