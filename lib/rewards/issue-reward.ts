import { randomUUID } from "node:crypto";
import { sqlOn, type Sql, type Tx } from "@/lib/db/client";
import type { GuardKind, MemberStatus, PurchaseSource, RewardStatus } from "@/lib/db/generated/enums";
import { ledgerPostCall, translateLedgerError } from "@/lib/ledger";
import { parsePurchase, parseRuleSet, evaluate, serializeRuleSet, type CapPeriod, type Evaluation, type ParseRuleSetResult } from "@/lib/rules";
import type { Actor } from "./actor";
import { releaseLocked } from "./approve-reward";
import type { ProgramSettings } from "./program-settings";
import { earnPosting, type RewardRow } from "./postings";

export type PurchaseForReward = {
  id: string;
  source: PurchaseSource;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: ProgramSettings["currency"];
  occurredAt: Date;
  items: unknown;
};

type MemberForReward = { id: string; segment: string | null; tier: string | null; status?: MemberStatus };

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

function evaluateParsed(rules: ParseRuleSetResult, program: ProgramSettings, purchase: PurchaseForReward, member: MemberForReward, earnedInPeriodMinor: bigint) {
  if (!rules.ok) return { evaluation: null, ruleSet: null, ruleError: rules.error.message } as const;
  const parsedItems = purchase.items == null ? null : parsePurchase({ amountMinor: purchase.amountMinor, currency: purchase.currency, occurredAt: purchase.occurredAt, items: purchase.items, member: {} });
  const items = parsedItems?.ok ? parsedItems.value.items : undefined;
  const netRatio = (v: bigint) => (purchase.amountMinor === 0n ? 0n : (v * (purchase.amountMinor - purchase.refundedMinor)) / purchase.amountMinor);
  const evaluation = evaluate(
    rules.ruleSet,
    {
      amountMinor: purchase.amountMinor - purchase.refundedMinor,
      currency: purchase.currency,
      occurredAt: purchase.occurredAt,
      items: purchase.refundedMinor > 0n ? items?.map((i) => ({ ...i, amountMinor: netRatio(i.amountMinor) })) : items,
      member: { segment: member.segment, tier: member.tier },
    },
    { currency: program.currency, earnedInPeriodMinor },
  );
  return { evaluation, ruleSet: rules.ruleSet, ruleError: null } as const;
}

async function evaluateWith(sql: Sql, rules: ParseRuleSetResult, program: ProgramSettings, purchase: PurchaseForReward, member: MemberForReward, now: Date, reads: RewardReads) {
  const since = rewardReadsFor(program, rules, now).earnedSince;
  const earned = since ? (reads.earnedInPeriodMinor ?? (await earnedSince(sql, member.id, since))) : 0n;
  return evaluateParsed(rules, program, purchase, member, earned);
}

/** Runs the program's rules on a purchase (net of refunds) for a member. */
export async function evaluatePurchase(tx: Tx, program: ProgramSettings, purchase: PurchaseForReward, member: { id: string; segment: string | null; tier: string | null }, now: Date) {
  return evaluateWith(sqlOn(tx), parseRuleSet(program.ruleSet), program, purchase, member, now, {});
}

function snapshot(program: ProgramSettings, evaluation: Evaluation | null, ruleSet: unknown) {
  return JSON.stringify({ ruleVersion: program.ruleVersion, ruleSet, evaluation }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

const INACTIVE_REASON: Record<Exclude<MemberStatus, "ACTIVE">, string> = {
  PENDING_PAYMENT: "membership not paid yet",
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
   * One more write for the same statement, given the reward's status: a data-modifying CTE body whose
   * parameters are added with `param` (the caller's log row, so no round trip follows the ledger posting).
   */
  also?: (status: RewardStatus, param: (value: unknown) => string) => string;
  /** The reward's statement is the transaction's last (sql.last): nothing may follow it. */
  last?: boolean;
};

/**
 * Creates the reward for a purchase by a known member and takes it as far as the program allows: issued at
 * once (automatic mode, no guard tripped), or into the review queue (manual mode, above the review
 * threshold, over the velocity limit). Nothing to reward (excluded items, under the minimum) is recorded as
 * rejected with the reason. Runs inside the caller's transaction.
 */
export async function issueReward(tx: Tx, input: IssueRewardInput): Promise<RewardRow> {
  return issueRewardWith(sqlOn(tx), input);
}

/**
 * issueReward on any Sql (a Prisma transaction, or a transaction on the plain SQL pool). The reward, its audit
 * events, a guard hit and the EARN posting are one statement. A 0-day hold releases at once, which needs
 * `sql.tx`: callers without one must not use this for such a program.
 */
export async function issueRewardWith(sql: Sql, input: IssueRewardInput): Promise<RewardRow> {
  const now = input.now ?? new Date();
  const { program, purchase, member } = input;
  const reads = input.reads ?? {};
  const rules = input.rules ?? parseRuleSet(program.ruleSet);
  const result = await evaluateWith(sql, rules, program, purchase, member, now, reads);
  const amount = result.evaluation?.amountMinor ?? 0n;
  const explanation = result.evaluation?.explanation ?? `The program's rules could not be read: ${result.ruleError}`;

  // Decide before writing, so the common case (issued at once) is one statement; the audit trail reads the
  // same either way: recorded → decision.
  let guard: { kind: Extract<GuardKind, "REVIEW_THRESHOLD" | "VELOCITY">; details: { [key: string]: string | number } } | null = null;
  let decision: "review" | "reject" | "issue" = "issue";
  const inactive = member.status && member.status !== "ACTIVE" ? INACTIVE_REASON[member.status] : null;
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
  if (decision === "issue" && program.holdDays === 0 && (!sql.tx || input.last)) throw new Error("issueRewardWith: a 0-day hold needs a Prisma transaction and a statement after the reward's");

  const status: RewardStatus = decision === "issue" ? "PENDING" : decision === "reject" ? "REJECTED" : "PENDING_REVIEW";
  const created: RewardRow = {
    id: randomUUID(),
    programId: program.id,
    memberId: member.id,
    currency: program.currency,
    amountMinor: amount,
    status,
    reversalDueMinor: 0n,
    reversedMinor: 0n,
    unrecoveredMinor: 0n,
  };
  // Audit events: recorded, then the decision (none for review: it waits in PENDING_REVIEW).
  const events: { from: RewardStatus | null; to: RewardStatus; reason: string }[] = [{ from: null, to: "PENDING_REVIEW", reason: "purchase recorded" }];
  if (decision === "reject") events.push({ from: "PENDING_REVIEW", to: "REJECTED", reason: inactive ?? explanation });
  if (decision === "issue") events.push({ from: "PENDING_REVIEW", to: "PENDING", reason: "automatic processing" });

  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const ctes = [
    `rw AS (INSERT INTO rewards (id, purchase_id, program_id, member_id, currency, computed_minor, amount_minor, status, explanation, rule_snapshot, available_at, updated_at)
      VALUES (${p(created.id)}::uuid, ${p(purchase.id)}::uuid, ${p(program.id)}::uuid, ${p(member.id)}::uuid, ${p(program.currency)}::"Currency",
              ${p(amount.toString())}::bigint, $${params.length}::bigint, ${p(status)}::"RewardStatus", ${p(explanation)},
              ${p(snapshot(program, result.evaluation, result.ruleSet ? serializeRuleSet(result.ruleSet) : null))}::jsonb,
              ${p(decision === "issue" ? new Date(now.getTime() + program.holdDays * DAY).toISOString() : null)}::timestamptz, now())
      RETURNING id)`,
  ];
  if (decision === "issue") {
    const call = ledgerPostCall(earnPosting(created, { providerId: program.providerId }), {}, params.length + 1);
    params.push(...call.params);
    ctes.push(`posted AS (SELECT transaction_id FROM ${call.sql})`);
  }
  ctes.push(`ev AS (INSERT INTO reward_events (reward_id, from_status, to_status, amount_minor, actor_type, actor_id, reason, ledger_transaction_id)
      SELECT rw.id, e.f::"RewardStatus", e.t::"RewardStatus", ${p(amount.toString())}::bigint, ${p(input.actor.type)}::"ActorType", ${p(input.actor.id ?? null)}::text, e.r,
             ${decision === "issue" ? "CASE WHEN e.t = 'PENDING' THEN (SELECT transaction_id FROM posted) END" : "NULL::bigint"}
        FROM rw, unnest(${p(events.map((e) => e.from))}::text[], ${p(events.map((e) => e.to))}::text[], ${p(events.map((e) => e.reason))}::text[]) WITH ORDINALITY AS e(f, t, r, ord)
       ORDER BY e.ord
      RETURNING id)`);
  if (guard) {
    ctes.push(`gh AS (INSERT INTO guard_hits (program_id, guard, subject, details)
      SELECT ${p(program.id)}::uuid, ${p(guard.kind)}::"GuardKind", ${p(member.id)}, ${p(JSON.stringify({ rewardId: created.id, ...guard.details }))}::jsonb FROM rw)`);
  }
  if (input.also) ctes.push(`also AS (${input.also(status, p)})`);
  const statement = `WITH ${ctes.join(",\n")}
    SELECT ${decision === "issue" ? "(SELECT transaction_id::text FROM posted)" : "NULL::text"} AS transaction_id, (SELECT count(*)::int FROM ev) AS events`;
  try {
    await (input.last ? sql.last(statement, params) : sql.query(statement, params));
  } catch (error) {
    translateLedgerError(error);
  }
  if (decision === "issue" && program.holdDays === 0 && sql.tx) return releaseLocked(sql.tx, created, { actor: input.actor, reason: "no hold period" });
  return created;
}
