import type { Tx } from "@/lib/db/client";
import type { Currency, RewardStatus } from "@/lib/db/generated/enums";
import type { Sql } from "@/lib/db/unit-of-work";
import { ledgerPostCall, memberAccount, post, providerAccount, translateLedgerError, type PostInput, type Posted } from "@/lib/ledger";
import type { Actor } from "./actor";

export type RewardRow = {
  id: string;
  programId: string;
  memberId: string;
  currency: Currency;
  amountMinor: bigint;
  status: RewardStatus;
  reversalDueMinor: bigint;
  reversedMinor: bigint;
  unrecoveredMinor: bigint;
  /** Expired unspent (lib/expiry); optional so callers that build a row by hand need not know it. */
  expiredMinor?: bigint;
};

export const REWARD_ROW = {
  id: true,
  programId: true,
  memberId: true,
  currency: true,
  amountMinor: true,
  status: true,
  reversalDueMinor: true,
  reversedMinor: true,
  unrecoveredMinor: true,
  expiredMinor: true,
} as const;

/** Locks a reward for a status change, so concurrent reviewers, jobs and refunds take turns. */
export async function lockReward(tx: Tx, rewardId: string): Promise<RewardRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM rewards WHERE id = ${rewardId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.reward.findUniqueOrThrow({ where: { id: rewardId }, select: REWARD_ROW });
}

/** Moves a reward to `to`, with its audit event; `data` may change other columns in the same write. */
export async function transition(
  tx: Tx,
  reward: RewardRow,
  to: RewardStatus,
  opts: { actor: Actor; reason?: string | null; amountMinor?: bigint; ledgerTransactionId?: bigint | null; data?: Parameters<Tx["reward"]["update"]>[0]["data"] },
): Promise<RewardRow> {
  const updated = await tx.reward.update({ where: { id: reward.id }, data: { ...opts.data, status: to }, select: REWARD_ROW });
  await tx.rewardEvent.create({
    data: {
      rewardId: reward.id,
      fromStatus: reward.status,
      toStatus: to,
      amountMinor: opts.amountMinor ?? updated.amountMinor,
      actorType: opts.actor.type,
      actorId: opts.actor.id ?? null,
      reason: opts.reason ?? null,
      ledgerTransactionId: opts.ledgerTransactionId ?? null,
    },
  });
  return updated;
}

type Accounts = { providerId: string };

/** The EARN posting of an issued reward: provider liability → member pending. */
export function earnPosting(r: Pick<RewardRow, "id" | "memberId" | "currency" | "amountMinor">, { providerId }: Accounts): PostInput {
  return {
    idempotencyKey: `reward:${r.id}:earn`,
    kind: "EARN",
    reference: { type: "reward", id: r.id },
    entries: [
      { account: providerAccount(providerId, "PROVIDER_LIABILITY", r.currency), amount: -r.amountMinor },
      { account: memberAccount(r.memberId, "MEMBER_PENDING", r.currency), amount: r.amountMinor },
    ],
  };
}

export function postEarn(tx: Tx, r: RewardRow, accounts: Accounts): Promise<Posted> {
  return post(tx, earnPosting(r, accounts));
}

/** The RELEASE posting when a reward's hold period ends: member pending → member available. */
export function releasePosting(r: Pick<RewardRow, "id" | "memberId" | "currency" | "amountMinor">): PostInput {
  return {
    idempotencyKey: `reward:${r.id}:release`,
    kind: "RELEASE",
    reference: { type: "reward", id: r.id },
    entries: [
      { account: memberAccount(r.memberId, "MEMBER_PENDING", r.currency), amount: -r.amountMinor },
      { account: memberAccount(r.memberId, "MEMBER_AVAILABLE", r.currency), amount: r.amountMinor },
    ],
  };
}

export function postRelease(tx: Tx, r: RewardRow): Promise<Posted> {
  return post(tx, releasePosting(r));
}

/** Takes `amount` back from the member's pending or available balance into the provider's liability. */
export function reversalPosting(r: Pick<RewardRow, "id" | "memberId" | "currency">, { providerId }: Accounts, from: "MEMBER_PENDING" | "MEMBER_AVAILABLE", amount: bigint, key: string, reason: string): PostInput {
  return {
    idempotencyKey: key,
    kind: "REVERSE",
    reference: { type: "reward", id: r.id },
    metadata: { reason },
    entries: [
      { account: memberAccount(r.memberId, from, r.currency), amount: -amount },
      { account: providerAccount(providerId, "PROVIDER_LIABILITY", r.currency), amount },
    ],
  };
}

export function postReversal(tx: Tx, r: RewardRow, accounts: Accounts, from: "MEMBER_PENDING" | "MEMBER_AVAILABLE", amount: bigint, key: string, reason: string): Promise<Posted> {
  return post(tx, reversalPosting(r, accounts, from, amount, key, reason));
}

type RewardColumns = Partial<Pick<RewardRow, "amountMinor" | "reversalDueMinor" | "reversedMinor" | "unrecoveredMinor" | "expiredMinor">>;
const COLUMN: Record<keyof RewardColumns, string> = {
  amountMinor: "amount_minor",
  reversalDueMinor: "reversal_due_minor",
  reversedMinor: "reversed_minor",
  unrecoveredMinor: "unrecovered_minor",
  expiredMinor: "expired_minor",
};

/**
 * transition, as one statement of a unit of work: the reward's new status and columns, its audit event and
 * (when given) the ledger posting that moved its money, sent without waiting for the answer.
 */
export function transitionWith(
  sql: Sql,
  reward: RewardRow,
  to: RewardStatus,
  opts: { actor: Actor; reason?: string | null; amountMinor?: bigint; posting?: PostInput; set?: RewardColumns },
): RewardRow {
  const updated: RewardRow = { ...reward, ...opts.set, status: to };
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const ctes: string[] = [];
  if (opts.posting) {
    const call = ledgerPostCall(opts.posting, {}, 1);
    params.push(...call.params);
    ctes.push(`posted AS (SELECT transaction_id FROM ${call.sql})`);
  }
  const sets = Object.entries(opts.set ?? {}).map(([key, value]) => `${COLUMN[key as keyof RewardColumns]} = ${p(String(value))}::bigint`);
  ctes.push(`upd AS (UPDATE rewards SET ${[...sets, `status = ${p(to)}::"RewardStatus"`, "updated_at = now()"].join(", ")} WHERE id = ${p(reward.id)}::uuid RETURNING id)`);
  sql.write(
    `WITH ${ctes.join(",\n")}
     INSERT INTO reward_events (reward_id, from_status, to_status, amount_minor, actor_type, actor_id, reason, ledger_transaction_id)
     SELECT upd.id, ${p(reward.status)}::"RewardStatus", ${p(to)}::"RewardStatus", ${p((opts.amountMinor ?? updated.amountMinor).toString())}::bigint,
            ${p(opts.actor.type)}::"ActorType", ${p(opts.actor.id ?? null)}::text, ${p(opts.reason ?? null)}::text, ${opts.posting ? "(SELECT transaction_id FROM posted)" : "NULL::bigint"}
       FROM upd`,
    params,
    translateLedgerError,
  );
  return updated;
}
