import { randomBytes } from "node:crypto";
import { inTransaction, rawQuery, type DbOrTx } from "@/lib/db/client";

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

export type InboundProgram = { id: string; shopifyWebhookSecret: string | null; wooWebhookSecret: string | null; secrets: string[] };

const INBOUND_SQL = `
  SELECT p.id, p.shopify_webhook_secret AS "shopifyWebhookSecret", p.woo_webhook_secret AS "wooWebhookSecret",
         ARRAY(SELECT s.secret FROM program_webhook_secrets s
                WHERE s.program_id = p.id AND (s.expires_at IS NULL OR s.expires_at > now())
                ORDER BY s.created_at DESC) AS secrets
    FROM programs p WHERE p.id = $1::uuid`;

/**
 * What an inbound delivery needs to know about its program — its shop secrets and the Standard Webhooks
 * secrets active now — in one statement (every order event starts with it).
 */
export async function loadInboundProgram(db: DbOrTx, programId: string): Promise<InboundProgram | null> {
  const rows = await rawQuery<InboundProgram>(db, INBOUND_SQL, [programId]);
  return rows[0] ?? null;
}
