import "server-only";
import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import type { AuditLogWhereInput } from "@/lib/db/generated/models";
import { csvLine } from "@/lib/members/export-members-csv";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const day = z.iso.date().optional().catch(undefined);

/** The filters of the platform audit log, from a query string (bad values are dropped, never an error). */
export const auditFilterSchema = z.object({
  /** An acting user's e-mail or id, or an actor type (cli, system, webhook, api_key). */
  actor: z.string().trim().max(200).optional().catch(undefined),
  providerId: z.string().trim().regex(UUID).optional().catch(undefined),
  /** An action or its prefix: "provider." matches every provider action. */
  action: z.string().trim().max(100).optional().catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

export type PlatformAuditRow = {
  id: string;
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  providerId: string | null;
  providerName: string | null;
  target: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
};

const ACTOR_TYPES = ["SYSTEM", "USER", "WEBHOOK", "CLI", "API_KEY"] as const;

async function where(db: DbOrTx, f: AuditFilter): Promise<AuditLogWhereInput> {
  const w: AuditLogWhereInput[] = [];
  if (f.actor) {
    const type = ACTOR_TYPES.find((t) => t === f.actor?.toUpperCase());
    if (type) w.push({ actorType: type });
    else if (UUID.test(f.actor)) w.push({ actorId: f.actor });
    else {
      const users = await db.user.findMany({ where: { email: { contains: f.actor.toLowerCase() } }, select: { id: true }, take: 100 });
      w.push({ actorType: "USER", actorId: { in: users.map((u) => u.id) } });
    }
  }
  if (f.providerId) w.push({ providerId: f.providerId });
  if (f.action) w.push({ action: { startsWith: f.action } });
  if (f.from) w.push({ createdAt: { gte: new Date(`${f.from}T00:00:00Z`) } });
  if (f.to) w.push({ createdAt: { lt: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000) } });
  return w.length ? { AND: w } : {};
}

async function rows(db: DbOrTx, w: AuditLogWhereInput, skip: number, take: number): Promise<PlatformAuditRow[]> {
  const found = await db.auditLog.findMany({ where: w, orderBy: { id: "desc" }, skip, take });
  const userIds = [...new Set(found.flatMap((r) => (r.actorType === "USER" && r.actorId && UUID.test(r.actorId) ? [r.actorId] : [])))];
  const providerIds = [...new Set(found.flatMap((r) => (r.providerId ? [r.providerId] : [])))];
  const [users, providers] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    providerIds.length ? db.provider.findMany({ where: { id: { in: providerIds } }, select: { id: true, name: true } }) : [],
  ]);
  const email = new Map(users.map((u) => [u.id, u.email]));
  const name = new Map(providers.map((p) => [p.id, p.name]));
  return found.map((r) => ({
    id: r.id.toString(),
    createdAt: r.createdAt,
    actorType: r.actorType,
    actorId: r.actorId,
    actorEmail: r.actorId ? (email.get(r.actorId) ?? null) : null,
    action: r.action,
    providerId: r.providerId,
    providerName: r.providerId ? (name.get(r.providerId) ?? null) : null,
    target: r.targetType && r.targetId ? `${r.targetType}:${r.targetId}` : null,
    reason: r.reason,
    before: r.before,
    after: r.after,
  }));
}

export const PLATFORM_AUDIT_PAGE_SIZE = 50;

/** One page of the platform-wide audit log (every provider's and every admin action), newest first. */
export async function listPlatformAudit(db: DbOrTx, f: AuditFilter): Promise<{ items: PlatformAuditRow[]; page: number; pageCount: number; total: number }> {
  const w = await where(db, f);
  const total = await db.auditLog.count({ where: w });
  const pageCount = Math.max(1, Math.ceil(total / PLATFORM_AUDIT_PAGE_SIZE));
  const page = Math.min(f.page ?? 1, pageCount);
  return { items: await rows(db, w, (page - 1) * PLATFORM_AUDIT_PAGE_SIZE, PLATFORM_AUDIT_PAGE_SIZE), page, pageCount, total };
}

export const AUDIT_CSV_COLUMNS = ["id", "created_at", "actor_type", "actor_id", "actor_email", "action", "provider_id", "provider_name", "target", "reason", "before", "after"] as const;
const EXPORT_BATCH = 500;
const EXPORT_MAX = 100_000;

/** The filtered log as CSV (UTF-8 with BOM), streamed in batches, newest first, at most 100,000 rows. */
export function exportPlatformAuditCsv(db: DbOrTx, f: AuditFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let w: AuditLogWhereInput | null = null;
  let skip = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(AUDIT_CSV_COLUMNS)}`));
    },
    async pull(controller) {
      w ??= await where(db, f);
      const batch = skip < EXPORT_MAX ? await rows(db, w, skip, EXPORT_BATCH) : [];
      skip += EXPORT_BATCH;
      if (batch.length === 0) {
        controller.close();
        return;
      }
      const text = batch
        .map((r) =>
          csvLine([r.id, r.createdAt.toISOString(), r.actorType, r.actorId ?? "", r.actorEmail ?? "", r.action, r.providerId ?? "", r.providerName ?? "", r.target ?? "", r.reason ?? "", r.before == null ? "" : JSON.stringify(r.before), r.after == null ? "" : JSON.stringify(r.after)]),
        )
        .join("");
      controller.enqueue(encoder.encode(text));
    },
  });
}
