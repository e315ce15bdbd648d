import { randomBytes } from "node:crypto";
import { inTransaction, counterQuery, runQuery, type DbOrTx } from "@/lib/db/client";
import { bucketUpsertSql, rateLimitResult, type RateLimit, type RateLimitResult } from "@/lib/rate-limit/consume";

const OVERLAP_MS = 24 * 60 * 60 * 1000;

function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The program's current signing secret, created on first use. */
export async function ensureWebhookSecret(db: DbOrTx, programId: string): Promise<string> {
  return inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM programs WHERE id = ${programId}::uuid FOR UPDATE`;
    const current = await tx.programWebhookSecret.findFirst({ where: { programId, expiresAt: null }, orderBy: { createdAt: "desc" }, select: { secret: true } });
    if (current) return current.secret;
    const created = await tx.programWebhookSecret.create({ data: { programId, secret: newSecret() }, select: { secret: true } });
    return created.secret;
  });
}

/** Issues a new secret; the previous one keeps verifying for 24 hours so shops can switch without losing events. */
export async function rotateWebhookSecret(db: DbOrTx, programId: string, now = new Date()): Promise<{ secret: string; previousValidUntil: Date }> {
  return inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM programs WHERE id = ${programId}::uuid FOR UPDATE`;
    const previousValidUntil = new Date(now.getTime() + OVERLAP_MS);
    await tx.programWebhookSecret.updateMany({ where: { programId, expiresAt: null }, data: { expiresAt: previousValidUntil } });
    const created = await tx.programWebhookSecret.create({ data: { programId, secret: newSecret() }, select: { secret: true } });
    return { secret: created.secret, previousValidUntil };
  });
}

/** Every secret a signature may be checked against right now: the current one and any still overlapping. */
export async function activeWebhookSecrets(db: DbOrTx, programId: string, now = new Date()): Promise<string[]> {
  const rows = await db.programWebhookSecret.findMany({
    where: { programId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { secret: true },
  });
  return rows.map((r) => r.secret);
}

export type InboundProgram = { id: string; shopifyWebhookSecret: string | null; wooWebhookSecret: string | null; secrets: string[]; holdDays: number };

const INBOUND_COLUMNS = `p.id, p.shopify_webhook_secret AS "shopifyWebhookSecret", p.woo_webhook_secret AS "wooWebhookSecret", p.hold_days AS "holdDays",
         ARRAY(SELECT s.secret FROM program_webhook_secrets s
                WHERE s.program_id = p.id AND (s.expires_at IS NULL OR s.expires_at > now())
                ORDER BY s.created_at DESC) AS secrets`;

const INBOUND_SQL = `SELECT ${INBOUND_COLUMNS} FROM programs p WHERE p.id = $1::uuid`;

/**
 * What an inbound delivery needs to know about its program — its shop secrets and the Standard Webhooks
 * secrets active now — in one statement (every order event starts with it).
 */
export async function loadInboundProgram(db: DbOrTx, programId: string): Promise<InboundProgram | null> {
  const rows = await runQuery<InboundProgram>(db, INBOUND_SQL, [programId]);
  return rows[0] ?? null;
}

// The client's bucket first; the program's bucket counts only when the program exists and the client was
// not refused (as two consumeRateLimit calls in that order would). Secrets are read at the statement's
// snapshot, so a rotation or expiry applies from the next statement on.
const OPEN_INBOUND_SQL = `
  WITH ip AS (${bucketUpsertSql("SELECT $2::text, $3::int")}),
  program AS (SELECT ${INBOUND_COLUMNS} FROM programs p WHERE p.id = $1::uuid),
  prog_bucket AS (${bucketUpsertSql("SELECT $5::text || program.id, $6::int FROM program, ip WHERE ip.count <= $4::int")})
  SELECT ip.count AS ip_count, ip.retry_after AS ip_retry_after, pb.count AS program_count, pb.retry_after AS program_retry_after, program.*
    FROM ip LEFT JOIN program ON true LEFT JOIN prog_bucket pb ON true`;

type OpenedRow = {
  ip_count: number;
  ip_retry_after: number;
  program_count: number | null;
  program_retry_after: number | null;
  id: string | null;
  shopifyWebhookSecret: string | null;
  wooWebhookSecret: string | null;
  holdDays: number | null;
  secrets: string[] | null;
};

export type OpenedInbound =
  | { ip: RateLimitResult & { ok: false } }
  | { ip: RateLimitResult & { ok: true }; program: null }
  | { ip: RateLimitResult & { ok: true }; program: InboundProgram; programLimit: RateLimitResult };

/**
 * The first step of every inbound delivery in one statement: counts the hit against the client's bucket
 * (`ipKey`), then loads the program (secrets active now) and counts the hit against its bucket
 * (`programKeyPrefix` + id).
 */
export async function openInboundProgram(
  db: DbOrTx,
  programId: string,
  limits: { ipKey: string; ip: RateLimit; programKeyPrefix: string; program: RateLimit },
): Promise<OpenedInbound> {
  // Bumps two hot counters (and only reads otherwise): the counter pool, see counterQuery.
  const [row] = await counterQuery<OpenedRow>(db, OPEN_INBOUND_SQL, [
    programId,
    limits.ipKey,
    limits.ip.windowSeconds,
    limits.ip.limit,
    limits.programKeyPrefix,
    limits.program.windowSeconds,
  ]);
  const ip = rateLimitResult(row ? { count: row.ip_count, retry_after: row.ip_retry_after } : undefined, limits.ip);
  if (!ip.ok) return { ip: { ...ip, ok: false } };
  if (!row?.id) return { ip: { ...ip, ok: true }, program: null };
  const programLimit = rateLimitResult(row.program_count == null ? undefined : { count: row.program_count, retry_after: row.program_retry_after ?? 0 }, limits.program);
  return {
    ip: { ...ip, ok: true },
    program: { id: row.id, shopifyWebhookSecret: row.shopifyWebhookSecret, wooWebhookSecret: row.wooWebhookSecret, secrets: row.secrets ?? [], holdDays: row.holdDays ?? 0 },
    programLimit,
  };
}
