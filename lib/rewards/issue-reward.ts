import type { Tx } from "@/lib/db/client";
import type { MemberStatus, PurchaseSource } from "@/lib/db/generated/enums";
import { parsePurchase, parseRuleSet, evaluate, serializeRuleSet, type CapPeriod, type Evaluation } from "@/lib/rules";
import { recordGuardHit } from "@/lib/guards/record-guard-hit";
import type { Actor } from "./actor";
import { releaseLocked } from "./approve-reward";
import type { ProgramSettings } from "./program-settings";
import { REWARD_ROW, postEarn, type RewardRow } from "./postings";

export type PurchaseForReward = {
  id: string;
  source: PurchaseSource;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: ProgramSettings["currency"];
  occurredAt: Date;
  items: unknown;
};

const DAY = 24 * 60 * 60 * 1000;

function periodStart(period: CapPeriod, at: Date): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (period === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // weeks start on Monday
  if (period === "month") d.setUTCDate(1);
  return d;
}

const COUNTED = ["PENDING_REVIEW", "HELD", "PENDING", "AVAILABLE"] as const;

async function earnedSince(tx: Tx, memberId: string, since: Date): Promise<bigint> {
  const sum = await tx.reward.aggregate({ where: { memberId, status: { in: [...COUNTED] }, createdAt: { gte: since } }, _sum: { amountMinor: true } });
  return sum._sum.amountMinor ?? 0n;
}

/** Runs the program's rules on a purchase (net of refunds) for a member. */
export async function evaluatePurchase(tx: Tx, program: ProgramSettings, purchase: PurchaseForReward, member: { id: string; segment: string | null; tier: string | null }, now: Date) {
  const rules = parseRuleSet(program.ruleSet);
  if (!rules.ok) return { evaluation: null, ruleSet: null, ruleError: rules.error.message } as const;
  const cap = rules.ruleSet.perPeriodCap;
  const earnedInPeriodMinor = cap ? await earnedSince(tx, member.id, periodStart(cap.period, now)) : 0n;
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

function snapshot(program: ProgramSettings, evaluation: Evaluation | null, ruleSet: unknown) {
  return JSON.parse(
    JSON.stringify({ ruleVersion: program.ruleVersion, ruleSet, evaluation }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as object;
}

const INACTIVE_REASON: Record<Exclude<MemberStatus, "ACTIVE">, string> = {
  PENDING_PAYMENT: "membership not paid yet",
  SUSPENDED: "membership suspended",
  LEFT: "no longer a member of the program",
};

/**
 * Creates the reward for a purchase by a known member and takes it as far as the program allows: issued at
 * once (automatic mode, no guard tripped), or into the review queue (manual mode, above the review
 * threshold, over the velocity limit). Nothing to reward (excluded items, under the minimum) is recorded as
 * rejected with the reason. Runs inside the caller's transaction.
 */
export async function issueReward(
  tx: Tx,
  input: {
    program: ProgramSettings;
    purchase: PurchaseForReward;
    member: { id: string; segment: string | null; tier: string | null; status?: MemberStatus };
    actor: Actor;
    now?: Date;
  },
): Promise<RewardRow> {
  const now = input.now ?? new Date();
  const { program, purchase, member } = input;
  const result = await evaluatePurchase(tx, program, purchase, member, now);
  const amount = result.evaluation?.amountMinor ?? 0n;
  const explanation = result.evaluation?.explanation ?? `The program's rules could not be read: ${result.ruleError}`;
  const actorFields = { actorType: input.actor.type, actorId: input.actor.id ?? null };
  const recorded = { fromStatus: null, toStatus: "PENDING_REVIEW" as const, amountMinor: amount, ...actorFields, reason: "purchase recorded" };

  // Decide before writing, so the common case (issued at once) is one insert, one posting and one batch of
  // audit events; the audit trail reads the same either way: recorded → decision.
  let guard: { kind: "REVIEW_THRESHOLD" | "VELOCITY"; details: { [key: string]: string | number } } | null = null;
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
    const today = await tx.reward.count({ where: { memberId: member.id, status: { in: ["PENDING", "AVAILABLE"] }, createdAt: { gte: new Date(now.getTime() - DAY) } } });
    if (today >= program.velocityLimitPerDay) {
      decision = "review";
      guard = { kind: "VELOCITY", details: { rewardsInLastDay: today } };
    }
  }

  const status = decision === "issue" ? "PENDING" : decision === "reject" ? "REJECTED" : "PENDING_REVIEW";
  const created = await tx.reward.create({
    data: {
      purchaseId: purchase.id,
      programId: program.id,
      memberId: member.id,
      currency: program.currency,
      computedMinor: amount,
      amountMinor: amount,
      status,
      explanation,
      ruleSnapshot: snapshot(program, result.evaluation, result.ruleSet ? serializeRuleSet(result.ruleSet) : null),
      ...(decision === "issue" ? { availableAt: new Date(now.getTime() + program.holdDays * DAY) } : {}),
    },
    select: REWARD_ROW,
  });

  if (decision === "review") {
    await tx.rewardEvent.create({ data: { rewardId: created.id, ...recorded } });
    if (guard) await recordGuardHit(tx, { programId: program.id, guard: guard.kind, subject: member.id, details: { rewardId: created.id, ...guard.details } });
    return created;
  }
  if (decision === "reject") {
    await tx.rewardEvent.createMany({
      data: [
        { rewardId: created.id, ...recorded },
        { rewardId: created.id, fromStatus: "PENDING_REVIEW", toStatus: "REJECTED", amountMinor: amount, ...actorFields, reason: inactive ?? explanation },
      ],
    });
    return created;
  }
  const earn = await postEarn(tx, created, { providerId: program.providerId });
  await tx.rewardEvent.createMany({
    data: [
      { rewardId: created.id, ...recorded },
      { rewardId: created.id, fromStatus: "PENDING_REVIEW", toStatus: "PENDING", amountMinor: amount, ...actorFields, reason: "automatic processing", ledgerTransactionId: earn.transactionId },
    ],
  });
  return program.holdDays === 0 ? releaseLocked(tx, created, { actor: input.actor, reason: "no hold period" }) : created;
}
