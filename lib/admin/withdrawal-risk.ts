import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { AdjustmentOrigin, Currency, LedgerTransactionKind, PurchaseSource, WithdrawalStatus } from "@/lib/db/generated/enums";
import { formatMoney } from "@/lib/money/format";
import { payoutReturnWindowDays, payoutReturnableUntil } from "@/lib/withdrawals/settle-paid-withdrawals";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Money that became available this close before the request counts as "funded just before it". */
export const RECENT_FUNDING_MS = DAY;
/** A bank account linked this close before the request. */
export const RECENT_LINK_MS = DAY;
/** A membership this young. */
export const NEW_MEMBER_MS = 7 * DAY;
/** A withdrawal this many times the member's largest paid one. */
export const LARGE_VS_HISTORY_FACTOR = 3n;

export type RiskFlagCode =
  | "OWNER_ADJUSTED_ORDER"
  | "GOODWILL_CREDIT"
  | "FUNDED_RECENTLY"
  | "ACCOUNT_LINKED_RECENTLY"
  | "NEW_MEMBER"
  | "LARGE_VS_HISTORY"
  | "FIRST_WITHDRAWAL"
  | "MEMBER_BLOCKED";

export type RiskFlag = { code: RiskFlagCode; severity: "high" | "medium"; label: string; detail: string };

/** One credit to the member's available balance that the withdrawal draws on (newest first, until it is covered). */
export type FundingLine = {
  transactionId: string;
  kind: LedgerTransactionKind;
  what: "reward" | "goodwill" | "spend refund" | "returned withdrawal" | "released hold" | "other";
  /** The whole credit, and the part of it this withdrawal takes (the newest money goes first). */
  creditedMinor: bigint;
  drawnMinor: bigint;
  at: Date;
  /** How long before the request it became available. */
  beforeMs: number;
  description: string;
};

export type WithdrawalRisk = {
  id: string;
  amountMinor: bigint;
  currency: Currency;
  createdAt: Date;
  member: { id: string; email: string; name: string | null; joinedAt: Date; userCreatedAt: Date; programName: string; providerId: string; blocked: string | null };
  account: { institutionName: string | null; mask: string | null; linkedAt: Date };
  history: { paidCount: number; largestPaidMinor: bigint | null };
  funding: FundingLine[];
  /** Part of the amount no credit above explains (older money than the lines read). */
  unexplainedMinor: bigint;
  flags: RiskFlag[];
};

/** "12 minutes", "3 hours", "2 days": how long before the request, for people. */
export function durationWords(ms: number): string {
  const n = (v: number, unit: string) => `${v} ${unit}${v === 1 ? "" : "s"}`;
  if (ms < MINUTE) return "less than a minute";
  if (ms < HOUR) return n(Math.floor(ms / MINUTE), "minute");
  if (ms < DAY) return n(Math.floor(ms / HOUR), "hour");
  return n(Math.floor(ms / DAY), "day");
}

type CreditRow = { entry_id: bigint; amount: string; created_at: Date; tx_id: bigint; kind: LedgerTransactionKind; reference_type: string | null; reference_id: string | null };

const FUNDING_LINES = 30;

/** The newest credits to the member's available balance before the withdrawal's own hold, newest first. */
async function creditsBefore(db: DbOrTx, w: { memberId: string; currency: Currency; createdAt: Date; holdTransactionId: bigint | null }): Promise<CreditRow[]> {
  const boundary = w.holdTransactionId ?? BigInt(Number.MAX_SAFE_INTEGER);
  return db.$queryRaw<CreditRow[]>`
    SELECT e.id AS entry_id, e.amount::text AS amount, t.created_at, t.id AS tx_id, t.kind, t.reference_type, t.reference_id
      FROM ledger_accounts a
      JOIN ledger_entries e ON e.account_id = a.id
      JOIN ledger_transactions t ON t.id = e.transaction_id
     WHERE a.owner_type = 'MEMBER' AND a.owner_id = ${w.memberId} AND a.kind = 'MEMBER_AVAILABLE' AND a.currency = ${w.currency}::"Currency"
       AND e.amount > 0 AND e.transaction_id < ${boundary} AND t.created_at <= ${w.createdAt}
     ORDER BY e.id DESC
     LIMIT ${FUNDING_LINES}`;
}

type RewardInfo = { id: string; computedMinor: bigint; amountMinor: bigint; orderId: string; source: PurchaseSource; approvedBy: string | null };
type AdjustmentInfo = { id: string; origin: AdjustmentOrigin; reason: string; requestedBy: string };

const SOURCE_WORDS: Record<PurchaseSource, string> = { WEBHOOK: "shop order", REGISTER: "till sale", LINKED_ACCOUNT: "card payment", RECEIPT: "receipt" };

function describe(row: CreditRow, rewards: Map<string, RewardInfo>, adjustments: Map<string, AdjustmentInfo>, currency: Currency): { what: FundingLine["what"]; description: string } {
  const money = (v: bigint) => formatMoney(v, currency);
  if (row.reference_type === "reward" && row.reference_id) {
    const r = rewards.get(row.reference_id);
    if (!r) return { what: "reward", description: "Cashback of a purchase" };
    const adjusted = r.amountMinor > r.computedMinor ? `; the rules gave ${money(r.computedMinor)}, ${r.approvedBy ?? "staff"} approved ${money(r.amountMinor)}` : "";
    return { what: "reward", description: `Cashback of ${SOURCE_WORDS[r.source]} ${r.orderId}${adjusted}` };
  }
  if (row.kind === "ADJUSTMENT" && row.reference_type === "adjustment" && row.reference_id) {
    const a = adjustments.get(row.reference_id);
    const by = a?.origin === "PROVIDER" ? `the business's ${a.requestedBy}` : `platform admin ${a?.requestedBy ?? "?"}`;
    return { what: "goodwill", description: `Goodwill credit by ${by}${a ? `: “${a.reason}”` : ""}` };
  }
  if (row.kind === "REDEEM_REFUND") return { what: "spend refund", description: "A spend with cashback refunded by the shop" };
  if (row.kind === "REVERSE" && row.reference_type === "withdrawal") return { what: "returned withdrawal", description: "An earlier withdrawal returned by the bank" };
  if (row.kind === "REDEEM_RELEASE") return { what: "released hold", description: "A cancelled or expired hold given back" };
  return { what: "other", description: `${row.kind.toLowerCase().replaceAll("_", " ")} ${row.reference_type ?? ""}`.trim() };
}

/**
 * What an admin needs to judge a withdrawal before approving it: where its money came from (the newest credits
 * to the member's available balance before the request, newest first — the newest money is the money that
 * leaves) and flags computed from them and from the member's history.
 */
export async function withdrawalRisk(db: DbOrTx, withdrawalIds: string[]): Promise<WithdrawalRisk[]> {
  if (withdrawalIds.length === 0) return [];
  const rows = await db.withdrawal.findMany({
    where: { id: { in: withdrawalIds } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      amountMinor: true,
      currency: true,
      createdAt: true,
      holdId: true,
      userId: true,
      user: { select: { email: true, name: true, createdAt: true } },
      member: { select: { id: true, joinedAt: true, earningBlockedReason: true, earningBlockedAt: true, program: { select: { name: true, providerId: true } } } },
      linkedAccount: { select: { institutionName: true, mask: true, linkedAt: true } },
    },
  });
  const holdIds = rows.flatMap((w) => (w.holdId == null ? [] : [w.holdId]));
  const holds = holdIds.length ? await db.ledgerHold.findMany({ where: { id: { in: holdIds } }, select: { id: true, holdTransactionId: true } }) : [];
  const holdTx = new Map(holds.map((h) => [h.id, h.holdTransactionId]));

  return Promise.all(
    rows.map(async (w): Promise<WithdrawalRisk> => {
      const [credits, paid] = await Promise.all([
        creditsBefore(db, { memberId: w.member.id, currency: w.currency, createdAt: w.createdAt, holdTransactionId: w.holdId == null ? null : (holdTx.get(w.holdId) ?? null) }),
        db.withdrawal.aggregate({ where: { userId: w.userId, currency: w.currency, status: "PAID", createdAt: { lt: w.createdAt } }, _count: { _all: true }, _max: { amountMinor: true } }),
      ]);
      // Newest first until the amount is covered.
      let left = w.amountMinor;
      const drawn: { row: CreditRow; credited: bigint; part: bigint }[] = [];
      for (const row of credits) {
        if (left <= 0n) break;
        const credited = BigInt(row.amount);
        const part = credited < left ? credited : left;
        drawn.push({ row, credited, part });
        left -= part;
      }
      const rewardIds = drawn.flatMap((d) => (d.row.reference_type === "reward" && d.row.reference_id ? [d.row.reference_id] : []));
      const adjustmentIds = drawn.flatMap((d) => (d.row.kind === "ADJUSTMENT" && d.row.reference_type === "adjustment" && d.row.reference_id ? [d.row.reference_id] : []));
      const [rewardRows, adjustmentRows] = await Promise.all([
        rewardIds.length
          ? db.reward.findMany({
              where: { id: { in: rewardIds } },
              select: {
                id: true,
                computedMinor: true,
                amountMinor: true,
                purchase: { select: { orderId: true, source: true } },
                events: { where: { actorType: "USER", toStatus: { in: ["PENDING", "AVAILABLE"] } }, select: { actorId: true }, take: 1 },
              },
            })
          : [],
        adjustmentIds.length ? db.adminAdjustment.findMany({ where: { id: { in: adjustmentIds } }, select: { id: true, origin: true, reason: true, requestedById: true } }) : [],
      ]);
      const actorIds = [...new Set([...rewardRows.flatMap((r) => r.events.flatMap((e) => (e.actorId ? [e.actorId] : []))), ...adjustmentRows.map((a) => a.requestedById)])];
      const actors = actorIds.length ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, staff: { where: { providerId: w.member.program.providerId }, select: { role: true } } } }) : [];
      const actorName = (id: string | null | undefined) => {
        const a = actors.find((x) => x.id === id);
        if (!a) return null;
        const role = a.staff[0]?.role;
        return role ? `${role.toLowerCase()} ${a.email}` : a.email;
      };
      const rewards = new Map(
        rewardRows.map((r) => [r.id, { id: r.id, computedMinor: r.computedMinor, amountMinor: r.amountMinor, orderId: r.purchase.orderId, source: r.purchase.source, approvedBy: actorName(r.events[0]?.actorId) }]),
      );
      const adjustments = new Map(adjustmentRows.map((a) => [a.id, { id: a.id, origin: a.origin, reason: a.reason, requestedBy: actorName(a.requestedById) ?? "someone" }]));

      const funding: FundingLine[] = drawn.map(({ row, credited, part }) => ({
        transactionId: row.tx_id.toString(),
        kind: row.kind,
        ...describe(row, rewards, adjustments, w.currency),
        creditedMinor: credited,
        drawnMinor: part,
        at: row.created_at,
        beforeMs: Math.max(0, w.createdAt.getTime() - row.created_at.getTime()),
      }));

      const money = (v: bigint) => formatMoney(v, w.currency);
      const flags: RiskFlag[] = [];
      const adjustedRewards = drawn.flatMap((d) => {
        const r = d.row.reference_type === "reward" && d.row.reference_id ? rewards.get(d.row.reference_id) : undefined;
        return r && r.amountMinor > r.computedMinor ? [{ r, beforeMs: w.createdAt.getTime() - d.row.created_at.getTime() }] : [];
      });
      for (const { r, beforeMs } of adjustedRewards) {
        flags.push({
          code: "OWNER_ADJUSTED_ORDER",
          severity: "high",
          label: "Funded by a staff-adjusted order",
          detail: `${SOURCE_WORDS[r.source]} ${r.orderId}: the rules gave ${money(r.computedMinor)}, ${r.approvedBy ?? "staff"} approved ${money(r.amountMinor)}; available ${durationWords(beforeMs)} before the request.`,
        });
      }
      for (const line of funding.filter((f) => f.what === "goodwill")) {
        flags.push({ code: "GOODWILL_CREDIT", severity: "high", label: "Funded by a goodwill credit", detail: `${money(line.creditedMinor)} ${line.description.replace(/^Goodwill credit /, "")}, ${durationWords(line.beforeMs)} before the request.` });
      }
      const recent = funding.filter((f) => f.beforeMs <= RECENT_FUNDING_MS);
      const recentMinor = recent.reduce((s, f) => s + f.drawnMinor, 0n);
      if (recent.length > 0 && recentMinor * 2n >= w.amountMinor) {
        const soonest = Math.min(...recent.map((f) => f.beforeMs));
        flags.push({ code: "FUNDED_RECENTLY", severity: "high", label: "Funded just before the request", detail: `${money(recentMinor)} of ${money(w.amountMinor)} became available in the 24 hours before it, the last ${durationWords(soonest)} before.` });
      }
      const linkedBefore = w.createdAt.getTime() - w.linkedAccount.linkedAt.getTime();
      if (linkedBefore <= RECENT_LINK_MS) {
        flags.push({ code: "ACCOUNT_LINKED_RECENTLY", severity: "medium", label: "Bank account linked that day", detail: `${w.linkedAccount.institutionName ?? "The account"} was linked ${durationWords(Math.max(0, linkedBefore))} before the request.` });
      }
      const memberFor = w.createdAt.getTime() - w.member.joinedAt.getTime();
      if (memberFor <= NEW_MEMBER_MS) {
        flags.push({ code: "NEW_MEMBER", severity: "medium", label: "New member", detail: `Joined ${w.member.program.name} ${durationWords(Math.max(0, memberFor))} before the request.` });
      }
      const largest = paid._max.amountMinor;
      if (paid._count._all === 0 || largest == null) {
        flags.push({ code: "FIRST_WITHDRAWAL", severity: "medium", label: "First withdrawal", detail: `No earlier paid withdrawal in ${w.currency}.` });
      } else if (w.amountMinor > largest * LARGE_VS_HISTORY_FACTOR) {
        flags.push({ code: "LARGE_VS_HISTORY", severity: "medium", label: "Large for this member", detail: `More than ${LARGE_VS_HISTORY_FACTOR}× their largest paid withdrawal (${money(largest)}, of ${paid._count._all}).` });
      }
      if (w.member.earningBlockedAt) {
        flags.push({ code: "MEMBER_BLOCKED", severity: "high", label: "Blocked by the business", detail: `The business blocked this member from earning: “${w.member.earningBlockedReason ?? ""}”.` });
      }

      return {
        id: w.id,
        amountMinor: w.amountMinor,
        currency: w.currency,
        createdAt: w.createdAt,
        member: {
          id: w.member.id,
          email: w.user.email,
          name: w.user.name,
          joinedAt: w.member.joinedAt,
          userCreatedAt: w.user.createdAt,
          programName: w.member.program.name,
          providerId: w.member.program.providerId,
          blocked: w.member.earningBlockedAt ? (w.member.earningBlockedReason ?? "") : null,
        },
        account: w.linkedAccount,
        history: { paidCount: paid._count._all, largestPaidMinor: largest },
        funding,
        unexplainedMinor: left > 0n ? left : 0n,
        flags: flags.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "high" ? -1 : 1)),
      };
    }),
  );
}

/** Withdrawals waiting for a platform admin, oldest first (at most 100), each with its risk context. */
export async function listWithdrawalsAwaitingApproval(db: DbOrTx): Promise<WithdrawalRisk[]> {
  const ids = await db.withdrawal.findMany({ where: { status: "AWAITING_APPROVAL" }, orderBy: { createdAt: "asc" }, take: 100, select: { id: true } });
  return withdrawalRisk(
    db,
    ids.map((w) => w.id),
  );
}

export type WithdrawalOutcome = "paid" | "failed" | "returned" | "rejected";

export type WithdrawalHistoryRow = {
  id: string;
  outcome: WithdrawalOutcome;
  status: WithdrawalStatus;
  amountMinor: bigint;
  currency: Currency;
  email: string;
  programName: string;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Paid: when; and either settled (the bank can no longer return it) or returnable until the window ends. */
  paidAt: Date | null;
  settledAt: Date | null;
  returnableUntil: Date | null;
};

/**
 * Withdrawals that ended, newest first: paid, failed (the payout was refused), returned (paid, then sent back by
 * the bank) and rejected by a platform admin. A member's own cancellation or an expired confirmation is not listed.
 */
export async function listWithdrawalHistory(db: DbOrTx, params: { limit?: number } = {}): Promise<WithdrawalHistoryRow[]> {
  const limit = Math.min(Math.max(params.limit ?? 50, 1), 200);
  const rejected = await db.auditLog.findMany({ where: { action: "withdrawal.reject", targetType: "withdrawal" }, orderBy: { id: "desc" }, take: 500, select: { targetId: true } });
  const rejectedIds = rejected.flatMap((r) => (r.targetId ? [r.targetId] : []));
  const rows = await db.withdrawal.findMany({
    where: { OR: [{ status: { in: ["PAID", "FAILED"] } }, { status: "CANCELED", id: { in: rejectedIds } }] },
    orderBy: { updatedAt: "desc" },
    take: limit,
    select: {
      id: true,
      status: true,
      amountMinor: true,
      currency: true,
      failureReason: true,
      createdAt: true,
      updatedAt: true,
      paidAt: true,
      settledAt: true,
      user: { select: { email: true } },
      member: { select: { program: { select: { name: true } } } },
    },
  });
  const windowDays = payoutReturnWindowDays();
  const failedIds = rows.filter((r) => r.status === "FAILED").map((r) => `withdrawal:${r.id}:returned`);
  const returned = failedIds.length ? await db.ledgerTransaction.findMany({ where: { idempotencyKey: { in: failedIds } }, select: { idempotencyKey: true } }) : [];
  const returnedKeys = new Set(returned.map((t) => t.idempotencyKey));
  return rows.map((r) => ({
    id: r.id,
    outcome: r.status === "PAID" ? "paid" : r.status === "CANCELED" ? "rejected" : returnedKeys.has(`withdrawal:${r.id}:returned`) ? "returned" : "failed",
    status: r.status,
    amountMinor: r.amountMinor,
    currency: r.currency,
    email: r.user.email,
    programName: r.member.program.name,
    reason: r.failureReason,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    paidAt: r.status === "PAID" ? r.paidAt : null,
    settledAt: r.status === "PAID" ? r.settledAt : null,
    returnableUntil: r.status === "PAID" && r.paidAt && !r.settledAt ? payoutReturnableUntil(r.paidAt, windowDays) : null,
  }));
}
