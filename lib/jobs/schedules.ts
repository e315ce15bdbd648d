import type PgBoss from "pg-boss";
import { syncAllLinkedAccounts } from "@/lib/banking/sync-all-linked-accounts";
import { claimOrphanPurchases } from "@/lib/purchases/claim-purchases";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";

export type ScheduledJob = {
  name: string;
  /** Cron expression, UTC. */
  cron: string;
  /** Queue settings; "stately" keeps at most one run queued and one running, so slow runs never pile up. */
  queue: Omit<PgBoss.Queue, "name">;
  run(): Promise<object>;
};

export const RELEASE_DUE_REWARDS = "rewards.release-due";
export const CLAIM_ORPHAN_PURCHASES = "purchases.claim-orphans";
export const SYNC_LINKED_ACCOUNTS = "banking.sync-linked-accounts";

/** The recurring background work of the platform. Each handler must be safe to run on several workers at once. */
export const SCHEDULES: readonly ScheduledJob[] = [
  {
    name: RELEASE_DUE_REWARDS,
    cron: "* * * * *",
    // A failed run is not retried: the next minute's run picks up the same rewards (the release is idempotent).
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 15 * 60 },
    // releaseDueRewards claims rows with SKIP LOCKED, so overlapping runs on other workers do nothing twice.
    run: () => releaseDueRewards(),
  },
  {
    name: CLAIM_ORPHAN_PURCHASES,
    cron: "*/5 * * * *",
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 15 * 60 },
    // Purchases are locked per member's claim; a second worker's run finds them already claimed.
    run: () => claimOrphanPurchases(),
  },
  {
    name: SYNC_LINKED_ACCOUNTS,
    cron: "17 */6 * * *",
    // The catch-up behind Plaid's SYNC_UPDATES_AVAILABLE webhook; each item's sync resumes from its stored cursor.
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 60 * 60 },
    run: () => syncAllLinkedAccounts(),
  },
];

/** Creates (or updates) each queue and its cron schedule. Idempotent: every worker calls it on start. */
export async function registerSchedules(boss: PgBoss, schedules: readonly ScheduledJob[] = SCHEDULES): Promise<void> {
  for (const job of schedules) {
    await boss.createQueue(job.name, { name: job.name, ...job.queue });
    await boss.updateQueue(job.name, { name: job.name, ...job.queue });
    await boss.schedule(job.name, job.cron, {}, { tz: "UTC", singletonKey: job.name });
  }
}
