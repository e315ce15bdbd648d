import "server-only";
import { appUrl } from "@/lib/app-url";
import type { Db } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { getDailyDigest } from "./get-daily-digest";
import { renderDigestEmail } from "./render-digest";
import { previousDate } from "./time-zone";

type DueRow = { staff_member_id: string; provider_id: string; time_zone: string; local_date: string; email: string; name: string | null };

export const DIGEST_PATH = "/dashboard/digest";

/**
 * Sends the daily digest to every opted-in owner or manager whose local send time has passed today and who
 * has not had today's yet. Each send first inserts (staff member, local date) into digest_sends in the
 * transaction that records the e-mail: a second worker running at the same moment waits on that key and then
 * finds it taken, so each person gets one digest per local day. Only today's local date is ever considered,
 * so after downtime the late digest goes out once, and a missed earlier day is never sent.
 */
export async function sendDueDigests(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const now = opts.now ?? new Date();
  const due = await db.$queryRaw<DueRow[]>`
    WITH staff AS (
      SELECT s.id, s.provider_id, s.digest_time_zone AS tz, s.digest_send_minute AS minute, u.email, u.name,
             (${now}::timestamptz AT TIME ZONE s.digest_time_zone) AS local_now
        FROM staff_members s
        JOIN users u ON u.id = s.user_id
       WHERE s.digest_enabled AND s.role IN ('OWNER', 'MANAGER') AND u.deleted_at IS NULL AND u.locked_at IS NULL
         -- A zone PostgreSQL does not know (Intl accepted it when saved) skips that person instead of failing everyone.
         AND s.digest_time_zone IN (SELECT name FROM pg_timezone_names))
    SELECT id::text AS staff_member_id, provider_id::text AS provider_id, tz AS time_zone, email, name,
           to_char(local_now::date, 'YYYY-MM-DD') AS local_date
      FROM staff
     WHERE local_now::time >= make_time(minute / 60, minute % 60, 0)
       AND NOT EXISTS (SELECT 1 FROM digest_sends d WHERE d.staff_member_id = staff.id AND d.local_date = local_now::date)
     ORDER BY id
     LIMIT ${opts.limit ?? 500}`;

  let sent = 0;
  let failed = 0;
  for (const row of due) {
    try {
      const done = await db.$transaction(
        async (tx) => {
          const claimed = await tx.$executeRaw`
            INSERT INTO digest_sends (staff_member_id, local_date, time_zone)
            VALUES (${row.staff_member_id}::uuid, ${row.local_date}::date, ${row.time_zone})
            ON CONFLICT DO NOTHING`;
          if (claimed === 0) return false;
          const digest = await getDailyDigest(tx, { providerId: row.provider_id, day: previousDate(row.local_date), timeZone: row.time_zone });
          const email = renderDigestEmail(digest, { name: row.name, dashboardUrl: appUrl("/dashboard"), settingsUrl: appUrl(DIGEST_PATH) });
          await sendEmail(tx, { to: row.email, ...email });
          return true;
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
      if (done) sent++;
    } catch (error) {
      // Rolled back, key included: the next run tries this person again.
      failed++;
      console.warn(`[digest] staff member ${row.staff_member_id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { sent, failed };
}
