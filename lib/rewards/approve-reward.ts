import type { Tx } from "@/lib/db/client";
import type { Actor } from "./actor";
import type { ProgramSettings } from "./program-settings";
import { postEarn, postRelease, transition, type RewardRow } from "./postings";

const DAY = 24 * 60 * 60 * 1000;

/**
 * Issues a reward that is locked by the caller: the earn posting (provider liability → member pending) and
 * the status change commit together; with a 0-day hold it becomes available at once.
 */
export async function approveLocked(tx: Tx, reward: RewardRow, opts: { program: Pick<ProgramSettings, "providerId" | "holdDays">; actor: Actor; reason: string; now?: Date }): Promise<RewardRow> {
  const now = opts.now ?? new Date();
  const earn = await postEarn(tx, reward, { providerId: opts.program.providerId });
  const availableAt = new Date(now.getTime() + opts.program.holdDays * DAY);
  const pending = await transition(tx, reward, "PENDING", { actor: opts.actor, reason: opts.reason, ledgerTransactionId: earn.transactionId, data: { availableAt } });
  return opts.program.holdDays === 0 ? releaseLocked(tx, pending, { actor: opts.actor, reason: "no hold period" }) : pending;
}

/** Pending → available when the hold period is over (pending → available in the ledger). */
export async function releaseLocked(tx: Tx, reward: RewardRow, opts: { actor: Actor; reason: string }): Promise<RewardRow> {
  const release = await postRelease(tx, reward);
  return transition(tx, reward, "AVAILABLE", { actor: opts.actor, reason: opts.reason, ledgerTransactionId: release.transactionId });
}
