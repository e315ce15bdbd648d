import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { runQuery, type DbOrTx } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { appUrl } from "@/lib/app-url";
import { signingSecrets } from "./endpoints";
import { postWebhook, type PostResult } from "./post-webhook";
import { signedHeaders } from "./sign";
import { checkEndpointUrl, strictUrls, type Resolver } from "./url-policy";

/** Delays after the 1st, 2nd… failed attempt (the schedule Svix and Stripe users know); the last repeats. */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000] as const;
const LONGEST_DELAY_MS = 10 * 3600_000;
/** A message is retried for this long after it was written; then it fails, and a failing endpoint is disabled. */
export const RETRY_FOR_MS = 3 * 24 * 3600_000;
/** How long a worker owns the messages it claimed (longer than an attempt's 10 s timeout). */
const LEASE_SECONDS = 60;

export type DeliverOptions = {
  /** The clock of the schedule (tests move it instead of waiting); signatures always use the real time. */
  now?: Date;
  /** DNS for the delivery-time address check (tests point a name at loopback). */
  resolve?: Resolver;
  /** Production rules for addresses (default: NODE_ENV=production without BOOMERANG_DEMO=1). */
  strict?: boolean;
  /** Most messages claimed per pass. */
  limit?: number;
  timeoutMs?: number;
};

export type DeliveryTotals = { attempted: number; succeeded: number; failed: number; disabled: number };

/** When to try again after `attempts` failed attempts, or null when the message has been retried long enough. */
export function nextAttemptAt(createdAt: Date, attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0];
  const next = new Date(now.getTime() + delay);
  return next.getTime() > createdAt.getTime() + RETRY_FOR_MS ? null : next;
}

type Claimed = {
  id: string;
  body: string;
  attempts: number;
  createdAt: Date;
  endpointId: string;
  programId: string;
  url: string;
  secretEnc: string;
  previousSecretEnc: string | null;
  previousSecretExpiresAt: Date | null;
};

const CLAIMED_COLUMNS = `m.id, m.body, m.attempts, m.created_at AS "createdAt", m.endpoint_id AS "endpointId", m.program_id AS "programId",
  e.url, e.secret_enc AS "secretEnc", e.previous_secret_enc AS "previousSecretEnc", e.previous_secret_expires_at AS "previousSecretExpiresAt"`;

// Claimed with SKIP LOCKED and a lease, so several workers never send a message at once and no row lock is held
// while waiting for a receiver. Only enabled endpoints' messages: a disabled endpoint gets nothing.
const CLAIM_SQL = `
  WITH due AS (
    SELECT m.id FROM outbound_webhook_messages m JOIN outbound_webhook_endpoints e ON e.id = m.endpoint_id
     WHERE m.status = 'PENDING' AND m.next_attempt_at <= $1 AND (m.lease_until IS NULL OR m.lease_until < $1) AND e.enabled
       AND ($3::text IS NULL OR m.id = $3)
     ORDER BY m.next_attempt_at LIMIT $2
       FOR UPDATE OF m SKIP LOCKED)
  UPDATE outbound_webhook_messages m SET lease_until = $1::timestamptz + interval '${LEASE_SECONDS} seconds'
    FROM due, outbound_webhook_endpoints e
   WHERE m.id = due.id AND e.id = m.endpoint_id
  RETURNING ${CLAIMED_COLUMNS}`;

const RECORD_SQL = `
  WITH a AS (
    INSERT INTO outbound_webhook_attempts (message_id, endpoint_id, attempt, ok, http_status, latency_ms, response_body, error, created_at)
    VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9))
  UPDATE outbound_webhook_messages SET attempts = $3, status = $10::"OutboundMessageStatus", next_attempt_at = $11, lease_until = NULL, updated_at = $9
   WHERE id = $1`;

async function attempt(db: DbOrTx, m: Claimed, opts: DeliverOptions, now: Date): Promise<{ ok: boolean; disabled: boolean }> {
  const strict = opts.strict ?? strictUrls();
  let result: PostResult;
  try {
    const url = checkEndpointUrl(m.url, { strict });
    result = await postWebhook(url, signedHeaders(m.id, m.body, signingSecrets(m, now)), m.body, { resolve: opts.resolve, strict, timeoutMs: opts.timeoutMs });
  } catch (error) {
    result = { ok: false, status: null, body: null, error: error instanceof Error ? error.message : String(error), latencyMs: 0 };
  }
  const attempts = m.attempts + 1;
  const next = result.ok ? null : nextAttemptAt(new Date(m.createdAt), attempts, now);
  const status = result.ok ? "SUCCEEDED" : next ? "PENDING" : "FAILED";
  await runQuery(db, RECORD_SQL, [m.id, m.endpointId, attempts, result.ok, result.status, result.latencyMs, result.body, result.error?.slice(0, 500) ?? null, now, status, next]);
  const disabled = status === "FAILED" ? await disableIfFailing(db, m, now) : false;
  return { ok: result.ok, disabled };
}

/**
 * A message retried for 3 days without success: when its endpoint has not succeeded once since the message was
 * written, the endpoint is disabled and the program's owners are told by e-mail.
 */
async function disableIfFailing(db: DbOrTx, m: Claimed, now: Date): Promise<boolean> {
  if (now.getTime() - new Date(m.createdAt).getTime() < RETRY_FOR_MS - LONGEST_DELAY_MS) return false;
  const [row] = await runQuery<{ url: string; program: string; emails: string[] }>(
    db,
    `UPDATE outbound_webhook_endpoints e SET enabled = false, disabled_reason = 'failing', updated_at = $3
      WHERE e.id = $1::uuid AND e.enabled
        AND NOT EXISTS (SELECT 1 FROM outbound_webhook_attempts a WHERE a.endpoint_id = e.id AND a.ok AND a.created_at >= $2)
     RETURNING e.url,
       (SELECT p.name FROM programs p WHERE p.id = e.program_id) AS program,
       (SELECT COALESCE(array_agg(u.email), '{}') FROM programs p JOIN staff_members s ON s.provider_id = p.provider_id AND s.role = 'OWNER'
          JOIN users u ON u.id = s.user_id WHERE p.id = e.program_id) AS emails`,
    [m.endpointId, m.createdAt, now],
  );
  if (!row) return false;
  for (const to of row.emails) {
    await sendEmail(db, {
      to,
      subject: `Webhook endpoint disabled: ${row.url}`,
      text:
        `Boomerang could not deliver events of ${row.program} to ${row.url} for 3 days (no 2xx answer within 10 seconds), ` +
        `so the endpoint is now disabled and receives nothing.\n\nFix the receiver, enable the endpoint again and redeliver ` +
        `the failed events from the delivery log: ${appUrl("/dashboard/integrations")}\n`,
    });
  }
  return true;
}

/** One pass: claims the messages due now and attempts each once (in parallel). */
export async function deliverDue(db: DbOrTx, opts: DeliverOptions & { messageId?: string } = {}): Promise<DeliveryTotals> {
  const now = opts.now ?? new Date();
  const claimed = await runQuery<Claimed>(db, CLAIM_SQL, [now, opts.limit ?? 20, opts.messageId ?? null]);
  const results = await Promise.all(claimed.map((m) => attempt(db, m, opts, now)));
  return {
    attempted: results.length,
    succeeded: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    disabled: results.filter((r) => r.disabled).length,
  };
}

/**
 * The worker's job: passes until nothing is due within its time budget (a run each minute, so messages wait at
 * most about a minute for their first attempt, and a 5-second retry happens within the same run).
 */
export async function runWebhookDeliveries(db: DbOrTx, opts: DeliverOptions & { budgetMs?: number } = {}): Promise<DeliveryTotals> {
  const end = Date.now() + (opts.budgetMs ?? 45_000);
  const totals: DeliveryTotals = { attempted: 0, succeeded: 0, failed: 0, disabled: 0 };
  for (;;) {
    const pass = await deliverDue(db, opts);
    for (const k of Object.keys(totals) as (keyof DeliveryTotals)[]) totals[k] += pass[k];
    if (Date.now() >= end) return totals;
    if (pass.attempted > 0) continue;
    const [soon] = await runQuery<{ at: Date | null }>(
      db,
      `SELECT min(m.next_attempt_at) AS at FROM outbound_webhook_messages m JOIN outbound_webhook_endpoints e ON e.id = m.endpoint_id
        WHERE m.status = 'PENDING' AND e.enabled`,
    );
    const at = soon?.at ? new Date(soon.at).getTime() : null;
    if (at === null || at >= end || opts.now) return totals;
    await sleep(Math.max(250, Math.min(at - Date.now(), 5_000)));
  }
}
