import type PgBoss from "pg-boss";
import { sendNotificationEmails } from "@/lib/notifications/send-notification-emails";
import { warnExpiringCashback } from "@/lib/notifications/warn-expiring-cashback";
import { accrueCommissions } from "@/lib/billing/accrue-commissions";
import { invoiceMonth, previousMonth } from "@/lib/billing/invoice-month";
import { syncAllLinkedAccounts } from "@/lib/banking/sync-all-linked-accounts";
import { claimOrphanPurchases } from "@/lib/purchases/claim-purchases";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { db } from "@/lib/db/client";
import { expireCashback } from "@/lib/expiry/expire-cashback";
import { expireRedemptions } from "@/lib/redemptions/expire-redemptions";
import { sendDuePayouts } from "@/lib/withdrawals/send-payouts";
import { expireUnconfirmedWithdrawals } from "@/lib/withdrawals/settle-withdrawal";
import { settlePaidWithdrawals } from "@/lib/withdrawals/settle-paid-withdrawals";
import { runReconciliation } from "@/lib/admin/reconciliations";
import { sendDueDigests } from "@/lib/digest/send-due-digests";
import { runWebhookDeliveries } from "@/lib/webhooks-out/deliver";
import { pruneRetainedRows } from "./retention";

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
export const EXPIRE_WITHDRAWALS = "withdrawals.expire-unconfirmed";
export const SEND_PAYOUTS = "withdrawals.send-payouts";
export const SETTLE_PAID_WITHDRAWALS = "withdrawals.settle-paid";
export const EXPIRE_CASHBACK = "cashback.expire";
export const SEND_NOTIFICATION_EMAILS = "notifications.send-email";
export const WARN_EXPIRING_CASHBACK = "notifications.warn-expiring";
export const ACCRUE_COMMISSIONS = "billing.accrue-commissions";
export const INVOICE_MONTH = "billing.invoice-month";
export const SYNC_LINKED_ACCOUNTS = "banking.sync-linked-accounts";
export const EXPIRE_REDEMPTIONS = "redemptions.expire";
export const PRUNE_RETAINED_ROWS = "retention.prune";
export const RECONCILE_LEDGER = "ledger.reconcile";
export const SEND_DAILY_DIGESTS = "digest.send-daily";
export const DELIVER_WEBHOOKS = "webhooks-out.deliver";

/** Most jobs are not retried: the next scheduled run picks up whatever a failed one left (every handler is idempotent). */
const NEXT_RUN_RETRIES: ScheduledJob["queue"] = { policy: "stately", retryLimit: 0, expireInSeconds: 15 * 60 };

/** The recurring background work of the platform. Each handler must be safe to run on several workers at once. */
export const SCHEDULES: readonly ScheduledJob[] = [
  {
    name: EXPIRE_REDEMPTIONS,
    cron: "* * * * *",
    // Holds not captured in time go back to their members within a minute; claimed with SKIP LOCKED.
    queue: NEXT_RUN_RETRIES,
    run: () => expireRedemptions(db),
  },
  {
    name: RELEASE_DUE_REWARDS,
    cron: "* * * * *",
    // A failed run is not retried: the next minute's run picks up the same rewards (the release is idempotent).
    queue: NEXT_RUN_RETRIES,
    // releaseDueRewards claims rows with SKIP LOCKED, so overlapping runs on other workers do nothing twice.
    run: () => releaseDueRewards(db),
  },
  {
    name: CLAIM_ORPHAN_PURCHASES,
    cron: "*/5 * * * *",
    queue: NEXT_RUN_RETRIES,
    // Purchases are locked per member's claim; a second worker's run finds them already claimed.
    run: () => claimOrphanPurchases(),
  },
  {
    name: SEND_PAYOUTS,
    cron: "* * * * *",
    // Retried by the next run: every Stripe call is keyed by the withdrawal, so a retry never pays twice.
    queue: NEXT_RUN_RETRIES,
    run: () => sendDuePayouts(db),
  },
  {
    name: EXPIRE_WITHDRAWALS,
    cron: "*/5 * * * *",
    queue: NEXT_RUN_RETRIES,
    // Each withdrawal is locked and re-checked before its money is released, so overlapping runs are harmless.
    run: () => expireUnconfirmedWithdrawals(db),
  },
  {
    name: SETTLE_PAID_WITHDRAWALS,
    // Hourly: payouts past their return window leave payouts clearing. Each withdrawal is locked and re-checked,
    // and its SETTLE posting is keyed by the withdrawal, so overlapping runs settle nothing twice.
    cron: "37 * * * *",
    queue: NEXT_RUN_RETRIES,
    run: () => settlePaidWithdrawals(db),
  },
  {
    name: EXPIRE_CASHBACK,
    cron: "15 3 * * *",
    queue: { policy: "stately", retryLimit: 2, expireInSeconds: 60 * 60 },
    // Keyed per member and day in the ledger: a retry or a second worker expires nothing twice.
    run: () => expireCashback(db),
  },
  {
    name: SEND_NOTIFICATION_EMAILS,
    cron: "* * * * *",
    queue: NEXT_RUN_RETRIES,
    // Batches are claimed with SKIP LOCKED; a notification is marked SENT in the transaction that e-mailed it.
    run: () => sendNotificationEmails(db),
  },
  {
    name: WARN_EXPIRING_CASHBACK,
    cron: "17 * * * *",
    queue: NEXT_RUN_RETRIES,
    // Each warning has a dedupeKey (member + expiry day), so overlapping or repeated runs warn once.
    run: () => warnExpiringCashback(db),
  },
  {
    name: ACCRUE_COMMISSIONS,
    cron: "*/5 * * * *",
    queue: NEXT_RUN_RETRIES,
    // One commission per reward and one credit per reward event (unique), one FEE posting per key: a second
    // worker accrues or credits nothing twice.
    run: async () => {
      const { accrued, commissionMinor, credited, creditedMinor } = await accrueCommissions(db);
      return { accrued, commissionMinor: commissionMinor.toString(), credited, creditedMinor: creditedMinor.toString() };
    },
  },
  {
    name: INVOICE_MONTH,
    // 03:00 UTC on the 1st: the month that just ended, through Stripe. Retried, since Stripe may be unreachable.
    cron: "0 3 1 * *",
    queue: { policy: "stately", retryLimit: 5, retryDelay: 600, expireInSeconds: 60 * 60 },
    run: async () => {
      const invoices = await invoiceMonth(db, { period: previousMonth() });
      return { invoices: invoices.length };
    },
  },
  {
    name: SYNC_LINKED_ACCOUNTS,
    cron: "17 */6 * * *",
    // The catch-up behind Plaid's SYNC_UPDATES_AVAILABLE webhook; each item's sync resumes from its stored cursor.
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 60 * 60 },
    run: () => syncAllLinkedAccounts(db),
  },
  {
    name: PRUNE_RETAINED_ROWS,
    cron: "23 * * * *",
    // Refused deliveries, guard hits and expired rate-limit buckets past their retention (lib/jobs/retention.ts);
    // deletes in batches, each row once, so overlapping runs are harmless.
    queue: NEXT_RUN_RETRIES,
    run: () => pruneRetainedRows(db),
  },
  {
    name: DELIVER_WEBHOOKS,
    cron: "* * * * *",
    // Outbound webhooks (lib/webhooks-out): each run keeps sending while something falls due within ~45 s, then
    // ends (at once when idle). Messages are claimed with SKIP LOCKED and a lease, so workers never send one twice at once.
    queue: NEXT_RUN_RETRIES,
    run: () => runWebhookDeliveries(db),
  },
  {
    name: RECONCILE_LEDGER,
    // Daily, and on demand from the admin console (requestJob): the result is kept for the console's overview.
    cron: "41 4 * * *",
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 60 * 60 },
    run: async () => {
      const run = await runReconciliation(db);
      return { ok: run.ok, discrepancies: run.discrepancies.length, reconciliationId: run.id };
    },
  },
  {
    name: SEND_DAILY_DIGESTS,
    // Every 15 minutes: whoever's local send time has passed gets today's digest (a late run catches up).
    // One row per person and local day (digest_sends' key), taken in the transaction that records the e-mail,
    // so overlapping runs on several workers send each digest once.
    cron: "*/15 * * * *",
    queue: NEXT_RUN_RETRIES,
    run: () => sendDueDigests(db),
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
