import { appUrl } from "@/lib/app-url";
import type { Db } from "@/lib/db/client";
import type { NotificationKind } from "@/lib/db/generated/enums";
import { sendEmail } from "@/lib/email/send-email";
import { renderNotification } from "./render-notification";

/** News older than this is not worth an e-mail any more (e.g. after the worker was down for days). */
const MAX_AGE_MS = 2 * 24 * 60 * 60 * 1000;

type Row = { id: bigint; kind: NotificationKind; data: unknown; created_at: Date; email: string; name: string | null; deleted_at: Date | null; wants_email: boolean };

/**
 * E-mails PENDING notifications (→ SENT) unless the person muted that kind for e-mail, deleted their
 * account, or the news is stale (→ SKIPPED). Batches are claimed with FOR UPDATE SKIP LOCKED, so workers
 * running this at the same time never send one notification twice.
 */
export async function sendNotificationEmails(db: Db, opts: { batchSize?: number; maxBatches?: number; now?: Date } = {}): Promise<{ sent: number; skipped: number }> {
  const batchSize = opts.batchSize ?? 50;
  const now = opts.now ?? new Date();
  let sent = 0;
  let skipped = 0;
  for (let batch = 0; batch < (opts.maxBatches ?? 20); batch++) {
    const claimed = await db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<Row[]>`
          SELECT n.id, n.kind, n.data, n.created_at, u.email, u.name, u.deleted_at, coalesce(p.email, true) AS wants_email
            FROM notifications n
            JOIN users u ON u.id = n.user_id
            LEFT JOIN notification_preferences p ON p.user_id = n.user_id AND p.kind = n.kind
           WHERE n.email_status = 'PENDING'
           ORDER BY n.id
           LIMIT ${batchSize}
             FOR UPDATE OF n SKIP LOCKED`;
        const sentIds: bigint[] = [];
        const skippedIds: bigint[] = [];
        for (const row of rows) {
          if (row.deleted_at || !row.wants_email || now.getTime() - row.created_at.getTime() > MAX_AGE_MS) {
            skippedIds.push(row.id);
            continue;
          }
          const { title, body, href } = renderNotification(row.kind, row.data);
          const text = [
            row.name ? `Hi ${row.name.split(/\s+/)[0]},` : "Hi,",
            "",
            title + ".",
            body,
            ...(href ? ["", appUrl(href)] : []),
            "",
            `Choose which e-mails you get: ${appUrl("/wallet/notifications/settings")}`,
          ].join("\n");
          await sendEmail(tx, { to: row.email, subject: title, text });
          sentIds.push(row.id);
        }
        if (sentIds.length) await tx.notification.updateMany({ where: { id: { in: sentIds } }, data: { emailStatus: "SENT" } });
        if (skippedIds.length) await tx.notification.updateMany({ where: { id: { in: skippedIds } }, data: { emailStatus: "SKIPPED" } });
        sent += sentIds.length;
        skipped += skippedIds.length;
        return rows.length;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    if (claimed < batchSize) break;
  }
  return { sent, skipped };
}
