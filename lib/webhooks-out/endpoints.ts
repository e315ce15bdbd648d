import "server-only";
import { z } from "zod";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { EVENT_TYPES, eventTypesSchema, type EventType } from "./events";
import { newEndpointSecret } from "./sign";
import { checkEndpointUrl } from "./url-policy";

/** How long a rotated-out secret keeps signing (a second signature), so receivers can switch without a gap. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

export const endpointInputSchema = z.object({
  url: z.string().trim().min(1, "Enter the URL").max(2000, "That URL is too long (at most 2000 characters)"),
  events: eventTypesSchema,
  description: z
    .string()
    .trim()
    .max(200, "Keep the description under 200 characters")
    .optional()
    .transform((d) => (d ? d : null)),
});
export type EndpointInput = z.input<typeof endpointInputSchema>;

export type EndpointView = {
  id: string;
  url: string;
  description: string | null;
  events: EventType[];
  enabled: boolean;
  disabledReason: string | null;
  previousSecretValidUntil: Date | null;
  createdAt: Date;
};

const VIEW = { id: true, url: true, description: true, events: true, enabled: true, disabledReason: true, previousSecretExpiresAt: true, createdAt: true } as const;

function view(row: { id: string; url: string; description: string | null; events: string[]; enabled: boolean; disabledReason: string | null; previousSecretExpiresAt: Date | null; createdAt: Date }, now = new Date()): EndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events.filter((e): e is EventType => (EVENT_TYPES as readonly string[]).includes(e)),
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    previousSecretValidUntil: row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
  };
}

function parse(input: EndpointInput) {
  const parsed = endpointInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError("VALIDATION", issue?.message ?? "Invalid endpoint", { field: String(issue?.path[0] ?? "url") });
  }
  return { ...parsed.data, url: checkEndpointUrl(parsed.data.url).toString() };
}

const notFound = () => new DomainError("NOT_FOUND", "That endpoint does not exist in this program.", { field: "endpointId" });

async function owned(db: DbOrTx, programId: string, endpointId: string) {
  const row = z.uuid().safeParse(endpointId).success ? await db.outboundWebhookEndpoint.findFirst({ where: { id: endpointId, programId } }) : null;
  if (!row) throw notFound();
  return row;
}

/** Adds an endpoint; its signing secret is in the answer (show it once; `revealEndpointSecret` shows it again). */
export async function createEndpoint(db: DbOrTx, programId: string, input: EndpointInput & { createdById?: string | null }): Promise<EndpointView & { secret: string }> {
  const data = parse(input);
  const secret = newEndpointSecret();
  const row = await db.outboundWebhookEndpoint.create({
    data: { programId, url: data.url, events: data.events, description: data.description, secretEnc: encryptSecret(secret), createdById: input.createdById ?? null },
    select: VIEW,
  });
  return { ...view(row), secret };
}

export async function updateEndpoint(db: DbOrTx, programId: string, endpointId: string, input: EndpointInput): Promise<EndpointView> {
  const data = parse(input);
  await owned(db, programId, endpointId);
  const row = await db.outboundWebhookEndpoint.update({ where: { id: endpointId }, data: { url: data.url, events: data.events, description: data.description }, select: VIEW });
  return view(row);
}

/** Turns an endpoint off (nothing is written for it, nothing sent) or back on. */
export async function setEndpointEnabled(db: DbOrTx, programId: string, endpointId: string, enabled: boolean): Promise<EndpointView> {
  await owned(db, programId, endpointId);
  const row = await db.outboundWebhookEndpoint.update({ where: { id: endpointId }, data: { enabled, disabledReason: enabled ? null : "manual" }, select: VIEW });
  return view(row);
}

/** Deletes an endpoint with its messages and delivery log. */
export async function deleteEndpoint(db: DbOrTx, programId: string, endpointId: string): Promise<{ id: string; deleted: true }> {
  await owned(db, programId, endpointId);
  await db.outboundWebhookEndpoint.delete({ where: { id: endpointId } });
  return { id: endpointId, deleted: true };
}

export async function listEndpoints(db: DbOrTx, programId: string, now = new Date()): Promise<EndpointView[]> {
  const rows = await db.outboundWebhookEndpoint.findMany({ where: { programId }, orderBy: { createdAt: "asc" }, select: VIEW });
  return rows.map((r) => view(r, now));
}

export async function revealEndpointSecret(db: DbOrTx, programId: string, endpointId: string): Promise<{ secret: string }> {
  const row = await owned(db, programId, endpointId);
  return { secret: decryptSecret(row.secretEnc) };
}

/** A new secret; the old one keeps signing beside it (two signatures per attempt) for 24 hours. */
export async function rotateEndpointSecret(db: DbOrTx, programId: string, endpointId: string, now = new Date()): Promise<{ secret: string; previousValidUntil: Date }> {
  const row = await owned(db, programId, endpointId);
  const secret = newEndpointSecret();
  const previousValidUntil = new Date(now.getTime() + SECRET_OVERLAP_MS);
  await db.outboundWebhookEndpoint.update({
    where: { id: row.id },
    data: { secretEnc: encryptSecret(secret), previousSecretEnc: row.secretEnc, previousSecretExpiresAt: previousValidUntil },
  });
  return { secret, previousValidUntil };
}

/** The secrets an attempt is signed with now: the current one, and a rotated-out one still in its 24 hours. */
export function signingSecrets(row: { secretEnc: string; previousSecretEnc: string | null; previousSecretExpiresAt: Date | null }, now = new Date()): string[] {
  const secrets = [decryptSecret(row.secretEnc)];
  if (row.previousSecretEnc && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now) secrets.push(decryptSecret(row.previousSecretEnc));
  return secrets;
}
