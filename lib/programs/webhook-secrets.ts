import type { Currency, ProviderStatus } from "@/lib/db/generated/enums";
import { randomBytes } from "node:crypto";
import { decryptHotSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { inTransaction, runQuery, type DbOrTx } from "@/lib/db/client";
import type { RateLimit, RateLimitResult } from "@/lib/rate-limit/consume";
import { consumeLeased } from "@/lib/rate-limit/lease";

// Signing secrets are stored encrypted (`*_enc`, ENCRYPTION_KEYS, lib/crypto/secret-box). Rows written
// before that keep their plain value until `program:encrypt-secrets` moves it (see encrypt-program-secrets.ts);
// until then the plain value is read as a fallback.

/** The secret a stored pair holds: the ciphertext decrypted, else the legacy plain value (null: none). */
export function storedSecret(row: { enc: string | null; plain: string | null }): string | null {
  if (row.enc === null) return row.plain;
  try {
    // Read on every order event: decrypted once per process (lib/crypto/secret-box).
    return decryptHotSecret(row.enc);
  } catch (error) {
    // A key dropped from ENCRYPTION_KEYS too early: the secret cannot verify anything (401), never a 500.
    console.error(`[secrets] a stored signing secret cannot be decrypted: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

const OVERLAP_MS = 24 * 60 * 60 * 1000;

function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The program's current signing secret, created on first use. */
export async function ensureWebhookSecret(db: DbOrTx, programId: string): Promise<string> {
  return inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM programs WHERE id = ${programId}::uuid FOR UPDATE`;
    const current = await tx.programWebhookSecret.findFirst({ where: { programId, expiresAt: null }, orderBy: { createdAt: "desc" }, select: { secret: true, secretEnc: true } });
    const kept = current ? storedSecret({ enc: current.secretEnc, plain: current.secret }) : null;
    if (kept) return kept;
    const secret = newSecret();
    await tx.programWebhookSecret.create({ data: { programId, secretEnc: encryptSecret(secret) } });
    return secret;
  });
}

/** Issues a new secret; the previous one keeps verifying for 24 hours so shops can switch without losing events. */
export async function rotateWebhookSecret(db: DbOrTx, programId: string, now = new Date()): Promise<{ secret: string; previousValidUntil: Date }> {
  return inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM programs WHERE id = ${programId}::uuid FOR UPDATE`;
    const previousValidUntil = new Date(now.getTime() + OVERLAP_MS);
    await tx.programWebhookSecret.updateMany({ where: { programId, expiresAt: null }, data: { expiresAt: previousValidUntil } });
    const secret = newSecret();
    await tx.programWebhookSecret.create({ data: { programId, secretEnc: encryptSecret(secret) } });
    return { secret, previousValidUntil };
  });
}

/** Every secret a signature may be checked against right now: the current one and any still overlapping. */
export async function activeWebhookSecrets(db: DbOrTx, programId: string, now = new Date()): Promise<string[]> {
  const rows = await db.programWebhookSecret.findMany({
    where: { programId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { secret: true, secretEnc: true },
  });
  return rows.map((r) => storedSecret({ enc: r.secretEnc, plain: r.secret })).filter((s): s is string => s !== null);
}

export type InboundProgram = {
  id: string;
  currency: Currency;
  shopifyWebhookSecret: string | null;
  wooWebhookSecret: string | null;
  secrets: string[];
  holdDays: number;
  /** The business's status: only an ACTIVE one may record anything (lib/providers/provider-status.ts). */
  providerStatus: ProviderStatus;
};

const INBOUND_COLUMNS = `p.id, p.currency::text AS currency, p.hold_days AS "holdDays",
         (SELECT pv.status::text FROM providers pv WHERE pv.id = p.provider_id) AS "providerStatus",
         p.shopify_webhook_secret_enc AS "shopifyEnc", p.shopify_webhook_secret AS "shopifyPlain",
         p.woo_webhook_secret_enc AS "wooEnc", p.woo_webhook_secret AS "wooPlain",
         (SELECT COALESCE(json_agg(json_build_object('enc', s.secret_enc, 'plain', s.secret) ORDER BY s.created_at DESC), '[]'::json)
            FROM program_webhook_secrets s
           WHERE s.program_id = p.id AND (s.expires_at IS NULL OR s.expires_at > now())) AS secrets`;

type StoredPair = { enc: string | null; plain: string | null };
type ProgramRow = { id: string; currency: Currency; holdDays: number; providerStatus: ProviderStatus; shopifyEnc: string | null; shopifyPlain: string | null; wooEnc: string | null; wooPlain: string | null; secrets: StoredPair[] };

function inboundProgram(row: ProgramRow): InboundProgram {
  return {
    id: row.id,
    currency: row.currency,
    holdDays: row.holdDays,
    providerStatus: row.providerStatus,
    shopifyWebhookSecret: storedSecret({ enc: row.shopifyEnc, plain: row.shopifyPlain }),
    wooWebhookSecret: storedSecret({ enc: row.wooEnc, plain: row.wooPlain }),
    secrets: row.secrets.map(storedSecret).filter((s): s is string => s !== null),
  };
}

const INBOUND_SQL = `SELECT ${INBOUND_COLUMNS} FROM programs p WHERE p.id = $1::uuid`;

/**
 * What an inbound delivery needs to know about its program — its shop secrets and the Standard Webhooks
 * secrets active now — in one statement (every order event starts with it).
 */
export async function loadInboundProgram(db: DbOrTx, programId: string): Promise<InboundProgram | null> {
  const rows = await runQuery<ProgramRow>(db, INBOUND_SQL, [programId]);
  return rows[0] ? inboundProgram(rows[0]) : null;
}

export type OpenedInbound = { ip: RateLimitResult & { ok: false } } | { ip: RateLimitResult & { ok: true }; program: InboundProgram | null };

/**
 * The first step of every inbound delivery: counts the hit against the client's bucket (`ipKey`, from this
 * instance's claimed block: lib/rate-limit/lease.ts), then loads the program with its secrets active now
 * (only when the client was not refused). The program's own bucket is not counted here: only signed
 * deliveries count against it (lib/integrations/inbound.ts), so unsigned junk sent to a public program id
 * cannot use up the merchant's limit.
 */
export async function openInboundProgram(db: DbOrTx, programId: string, limits: { ipKey: string; ip: RateLimit }): Promise<OpenedInbound> {
  const ip = await consumeLeased(db, limits.ipKey, limits.ip);
  if (!ip.ok) return { ip: { ...ip, ok: false } };
  return { ip: { ...ip, ok: true }, program: await loadInboundProgram(db, programId) };
}
