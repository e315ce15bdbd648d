import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork, type Sql } from "@/lib/db/unit-of-work";
import type { GuardKind, MemberStatus, PurchaseSource, RewardStatus } from "@/lib/db/generated/enums";
import { ledgerPostCall, translateLedgerError } from "@/lib/ledger";
import { parsePurchase, parseRuleSet, evaluate, serializeRuleSet, type CapPeriod, type Evaluation, type ParseRuleSetResult } from "@/lib/rules";
import type { Actor } from "./actor";
import type { ProgramSettings } from "./program-settings";
import { earnPosting, releasePosting, type RewardRow } from "./postings";

export type PurchaseForReward = {
  id: string;
  source: PurchaseSource;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: ProgramSettings["currency"];
  occurredAt: Date;
  items: unknown;
};

type MemberForReward = {
  id: string;
  segment: string | null;
  tier: string | null;
  status?: MemberStatus;
  /** The business's owner blocked this member from earning in the program (members.earning_blocked_at). */
  earningBlocked?: boolean;
};

/** Why a blocked member's purchase earns nothing: on the reward and its rejection event. */
export const EARNING_BLOCKED_REASON = "earning blocked by the business";

const DAY = 24 * 60 * 60 * 1000;

function periodStart(period: CapPeriod, at: Date): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (period === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // weeks start on Monday
  if (period === "month") d.setUTCDate(1);
  return d;
}

/**
 * The member's rewards counted against a per-period cap since `$since` (in status, not refused), and their
 * rewards issued since `$since` (the velocity guard): subqueries, so a caller may fold them into a statement.
 */
export function earnedSinceSql(memberParam: string, sinceParam: string): string {
  return `SELECT coalesce(sum(amount_minor), 0)::text FROM rewards
           WHERE member_id = ${memberParam}::uuid AND status IN ('PENDING_REVIEW', 'HELD', 'PENDING', 'AVAILABLE') AND created_at >= ${sinceParam}::timestamptz`;
}
export function issuedSinceSql(memberParam: string, sinceParam: string): string {
  return `SELECT count(*)::int FROM rewards WHERE member_id = ${memberParam}::uuid AND status IN ('PENDING', 'AVAILABLE') AND created_at >= ${sinceParam}::timestamptz`;
}

/** What issuing needs to read besides the purchase: when the period cap counts from, and the velocity window. */
export function rewardReadsFor(program: ProgramSettings, rules: ParseRuleSetResult, now: Date): { earnedSince: Date | null; issuedSince: Date | null } {
  const cap = rules.ok ? rules.ruleSet.perPeriodCap : undefined;
  return {
    earnedSince: cap ? periodStart(cap.period, now) : null,
    issuedSince: program.velocityLimitPerDay != null ? new Date(now.getTime() - DAY) : null,
  };
}

/** Counts a caller already read (in a statement of its own) for rewardReadsFor's windows. */
export type RewardReads = { earnedInPeriodMinor?: bigint; issuedInLastDay?: number };

async function earnedSince(sql: Sql, memberId: string, since: Date): Promise<bigint> {
  const rows = await sql.query<{ s: string }>(`SELECT (${earnedSinceSql("$1", "$2")}) AS s`, [memberId, since.toISOString()]);
  return BigInt(rows[0]?.s ?? "0");
}

/**
 * The rules on the whole basket, then, when part of it was refunded before the reward was made, the money
 * rule for refunds (docs/money-rules.md): the reward keeps the share of the basket that was kept, rounded
 * down — exactly what a refund arriving after the reward leaves, whatever order the events come in.
 */
function evaluateParsed(rules: ParseRuleSetResult, program: ProgramSettings, purchase: PurchaseForReward, member: MemberForReward, earnedInPeriodMinor: bigint) {
  if (!rules.ok) return { evaluation: null, ruleSet: null, ruleError: rules.error.message, refundReductionMinor: 0n } as const;
  const parsedItems = purchase.items == null ? null : parsePurchase({ amountMinor: purchase.amountMinor, currency: purchase.currency, occurredAt: purchase.occurredAt, items: purchase.items, member: {} });
  const evaluation = evaluate(
    rules.ruleSet,
    {
      amountMinor: purchase.amountMinor,
      currency: purchase.currency,
      occurredAt: purchase.occurredAt,
      items: parsedItems?.ok ? parsedItems.value.items : undefined,
      member: { segment: member.segment, tier: member.tier },
    },
    { currency: program.currency, earnedInPeriodMinor },
  );
  const kept = keptShare(evaluation.amountMinor, purchase.amountMinor, purchase.refundedMinor);
  return { evaluation, ruleSet: rules.ruleSet, ruleError: null, refundReductionMinor: evaluation.amountMinor - kept } as const;
}

/** The refund rule: what a reward of `awardMinor` on a basket of `basketMinor` keeps once `refundedMinor` of it is refunded. */
export function keptShare(awardMinor: bigint, basketMinor: bigint, refundedMinor: bigint): bigint {
  if (refundedMinor <= 0n) return awardMinor;
  if (basketMinor <= 0n || refundedMinor >= basketMinor) return 0n;
  return (awardMinor * (basketMinor - refundedMinor)) / basketMinor;
}

async function evaluateWith(sql: Sql, rules: ParseRuleSetResult, program: ProgramSettings, purchase: PurchaseForReward, member: MemberForReward, now: Date, reads: RewardReads) {
  const since = rewardReadsFor(program, rules, now).earnedSince;
  const earned = since ? (reads.earnedInPeriodMinor ?? (await earnedSince(sql, member.id, since))) : 0n;
  return evaluateParsed(rules, program, purchase, member, earned);
}

/** Runs the program's rules on a purchase (net of refunds) for a member. */
export async function evaluatePurchase(db: DbOrTx, program: ProgramSettings, purchase: PurchaseForReward, member: { id: string; segment: string | null; tier: string | null }, now: Date) {
  return unitOfWork(db, (sql) => evaluateWith(sql, parseRuleSet(program.ruleSet), program, purchase, member, now, {}));
}

function snapshot(program: ProgramSettings, evaluation: Evaluation | null, ruleSet: unknown) {
  return JSON.stringify({ ruleVersion: program.ruleVersion, ruleSet, evaluation }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** Why a purchase made while its member's membership awaited payment was not rewarded (rewarded once paid). */
export const AWAITING_PAYMENT_REASON = "membership not paid yet";

const INACTIVE_REASON: Record<Exclude<MemberStatus, "ACTIVE">, string> = {
  PENDING_PAYMENT: AWAITING_PAYMENT_REASON,
  SUSPENDED: "membership suspended",
  LEFT: "no longer a member of the program",
};

export type IssueRewardInput = {
  program: ProgramSettings;
  purchase: PurchaseForReward;
  member: MemberForReward;
  actor: Actor;
  now?: Date;
  /** The program's rules, when the caller parsed them already. */
  rules?: ParseRuleSetResult;
  reads?: RewardReads;
  /**
   * Decide again on the purchase's REJECTED reward (this id) instead of creating one: its row is updated in
   * place (a purchase has one reward), and its events go on from REJECTED with this reason.
   */
  reissue?: { rewardId: string; reason: string };
};

/**
 * Creates the reward for a purchase by a known member and takes it as far as the program allows: issued at
 * once (automatic mode, no guard tripped; with a 0-day hold straight to available), or into the review queue
 * (manual mode, above the review threshold, over the velocity limit). Nothing to reward (excluded items,
 * under the minimum) is recorded as rejected with the reason.
 */
export async function issueReward(db: DbOrTx, input: IssueRewardInput): Promise<RewardRow> {
  return unitOfWork(db, (sql) => issueRewardWith(sql, input));
}

/**
 * issueReward as part of a caller's unit of work. The reward, its audit events, a guard hit, the EARN posting
 * and (0-day hold) the RELEASE posting are one statement, sent without waiting for its answer: it shares a
 * round trip with whatever the caller writes next and with COMMIT.
 */
export async function issueRewardWith(sql: Sql, input: IssueRewardInput): Promise<RewardRow> {
  const now = input.now ?? new Date();
  const { program, purchase, member } = input;
  const reads = input.reads ?? {};
  const rules = input.rules ?? parseRuleSet(program.ruleSet);
  const result = await evaluateWith(sql, rules, program, purchase, member, now, reads);
  const full = result.evaluation?.amountMinor ?? 0n;
  // A blocked member earns nothing: the purchase is kept, its reward recorded as rejected at zero, saying why.
  const blocked = member.earningBlocked === true;
  const amount = blocked ? 0n : full - result.refundReductionMinor;
  const explanation = blocked
    ? `No cashback: ${EARNING_BLOCKED_REASON}`
    : result.evaluation === null
      ? `The program's rules could not be read: ${result.ruleError}`
      : result.refundReductionMinor > 0n
        ? `${result.evaluation.explanation}; reduced in proportion to the part refunded before it was rewarded`
        : result.evaluation.explanation;

  // Decide before writing, so the common case (issued at once) is one statement; the audit trail reads the
  // same either way: recorded → decision.
  let guard: { kind: Extract<GuardKind, "REVIEW_THRESHOLD" | "VELOCITY">; details: { [key: string]: string | number } } | null = null;
  let decision: "review" | "reject" | "issue" = "issue";
  const inactive = member.status && member.status !== "ACTIVE" ? INACTIVE_REASON[member.status] : blocked ? EARNING_BLOCKED_REASON : null;
  if (inactive) decision = "reject";
  // A receipt is only a photo: a person always looks at it, whatever the processing mode.
  else if (result.ruleError || program.processingMode === "MANUAL" || purchase.source === "RECEIPT") decision = "review";
  else if (amount === 0n) decision = "reject";
  else if (program.reviewThresholdMinor != null && amount > program.reviewThresholdMinor) {
    decision = "review";
    guard = { kind: "REVIEW_THRESHOLD", details: { amountMinor: amount.toString() } };
  } else if (program.velocityLimitPerDay != null) {
    const today =
      reads.issuedInLastDay ??
      (await sql.query<{ n: number }>(`SELECT (${issuedSinceSql("$1", "$2")}) AS n`, [member.id, new Date(now.getTime() - DAY).toISOString()]))[0]?.n ??
      0;
    if (today >= program.velocityLimitPerDay) {
      decision = "review";
      guard = { kind: "VELOCITY", details: { rewardsInLastDay: today } };
    }
  }
  const releasedAtOnce = decision === "issue" && program.holdDays === 0;

  const status: RewardStatus = decision === "reject" ? "REJECTED" : decision === "review" ? "PENDING_REVIEW" : releasedAtOnce ? "AVAILABLE" : "PENDING";
  const created: RewardRow = {
    id: input.reissue?.rewardId ?? randomUUID(),
    programId: program.id,
    memberId: member.id,
    currency: program.currency,
    amountMinor: amount,
    status,
    reversalDueMinor: 0n,
    reversedMinor: blocked ? 0n : result.refundReductionMinor,
    unrecoveredMinor: 0n,
  };
  // Audit events: recorded, then the decision (none for review: it waits in PENDING_REVIEW).
  const events: { from: RewardStatus | null; to: RewardStatus; reason: string; posting: "earn" | "release" | null }[] = [
    input.reissue ? { from: "REJECTED", to: "PENDING_REVIEW", reason: input.reissue.reason, posting: null } : { from: null, to: "PENDING_REVIEW", reason: "purchase recorded", posting: null },
  ];
  if (decision === "reject") events.push({ from: "PENDING_REVIEW", to: "REJECTED", reason: inactive ?? explanation, posting: null });
  if (decision === "issue") events.push({ from: "PENDING_REVIEW", to: "PENDING", reason: "automatic processing", posting: "earn" });
  if (releasedAtOnce) events.push({ from: "PENDING", to: "AVAILABLE", reason: "no hold period", posting: "release" });

  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const ctes = [
    `rw AS (INSERT INTO rewards (id, purchase_id, program_id, member_id, currency, computed_minor, amount_minor, reversed_minor, status, explanation, rule_snapshot, available_at, updated_at)
      VALUES (${p(created.id)}::uuid, ${p(purchase.id)}::uuid, ${p(program.id)}::uuid, ${p(member.id)}::uuid, ${p(program.currency)}::"Currency",
              ${p(full.toString())}::bigint, ${p(amount.toString())}::bigint, ${p(created.reversedMinor.toString())}::bigint, ${p(status)}::"RewardStatus", ${p(explanation)},
              ${p(snapshot(program, result.evaluation, result.ruleSet ? serializeRuleSet(result.ruleSet) : null))}::jsonb,
              ${p(decision === "issue" ? new Date(now.getTime() + program.holdDays * DAY).toISOString() : null)}::timestamptz, now())
      ${
        input.reissue
          ? `ON CONFLICT (purchase_id) DO UPDATE SET computed_minor = EXCLUDED.computed_minor, amount_minor = EXCLUDED.amount_minor, reversed_minor = EXCLUDED.reversed_minor,
              status = EXCLUDED.status, explanation = EXCLUDED.explanation, rule_snapshot = EXCLUDED.rule_snapshot, available_at = EXCLUDED.available_at, updated_at = now()
            WHERE rewards.id = EXCLUDED.id AND rewards.status = 'REJECTED'`
          : ""
      }
      RETURNING id)`,
  ];
  if (decision === "issue") {
    const earn = ledgerPostCall(earnPosting(created, { providerId: program.providerId }), {}, params.length + 1);
    params.push(...earn.params);
    ctes.push(`earned AS (SELECT transaction_id FROM ${earn.sql})`);
  }
  if (releasedAtOnce) {
    // After the EARN (the lateral join orders them): pending → available at once.
    const release = ledgerPostCall(releasePosting(created), {}, params.length + 1);
    params.push(...release.params);
    ctes.push(`released AS (SELECT r.transaction_id FROM earned, LATERAL ${release.sql} AS r)`);
  }
  const postingOf = `CASE e.posting WHEN 'earn' THEN ${decision === "issue" ? "(SELECT transaction_id FROM earned)" : "NULL::bigint"} WHEN 'release' THEN ${releasedAtOnce ? "(SELECT transaction_id FROM released)" : "NULL::bigint"} END`;
  ctes.push(`ev AS (INSERT INTO reward_events (reward_id, from_status, to_status, amount_minor, actor_type, actor_id, reason, ledger_transaction_id)
      SELECT rw.id, e.f::"RewardStatus", e.t::"RewardStatus", ${p(amount.toString())}::bigint, ${p(input.actor.type)}::"ActorType", ${p(input.actor.id ?? null)}::text, e.r, ${postingOf}
        FROM rw, unnest(${p(events.map((e) => e.from))}::text[], ${p(events.map((e) => e.to))}::text[], ${p(events.map((e) => e.reason))}::text[], ${p(events.map((e) => e.posting))}::text[])
             WITH ORDINALITY AS e(f, t, r, posting, ord)
       ORDER BY e.ord
      RETURNING id)`);
  if (guard) {
    ctes.push(`gh AS (INSERT INTO guard_hits (program_id, guard, subject, details)
      SELECT ${p(program.id)}::uuid, ${p(guard.kind)}::"GuardKind", ${p(member.id)}, ${p(JSON.stringify({ rewardId: created.id, ...guard.details }))}::jsonb FROM rw)`);
  }
  sql.write(`WITH ${ctes.join(",\n")}\n    SELECT (SELECT count(*)::int FROM ev) AS events`, params, translateLedgerError);
  return created;
}
