import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { ActorType } from "@/lib/db/generated/enums";
import type { JsonValue } from "@/lib/db/generated/internal/prismaNamespace";

export const AUDIT_PAGE_SIZE = 25;

export type AuditRow = {
  id: string;
  createdAt: Date;
  action: string;
  actor: { type: ActorType; id: string | null; name: string | null; email: string | null };
  target: { type: string; id: string } | null;
  before: JsonValue | null;
  after: JsonValue | null;
  reason: string | null;
};

export type AuditPage = { items: AuditRow[]; page: number; pageCount: number; total: number };

/** One page of the provider's audit log, newest first, with the acting user's name where there is one. */
export async function listAuditLog(db: DbOrTx, providerId: string, opts: { page?: number; pageSize?: number } = {}): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(opts.pageSize ?? AUDIT_PAGE_SIZE, 1), 100);
  const total = await db.auditLog.count({ where: { providerId } });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.trunc(opts.page ?? 1) || 1, 1), pageCount);
  const rows = await db.auditLog.findMany({ where: { providerId }, orderBy: { id: "desc" }, skip: (page - 1) * pageSize, take: pageSize });
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const userIds = [...new Set(rows.flatMap((r) => (r.actorType === "USER" && r.actorId && UUID.test(r.actorId) ? [r.actorId] : [])))];
  const users = userIds.length > 0 ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    page,
    pageCount,
    total,
    items: rows.map((r) => {
      const user = r.actorType === "USER" && r.actorId ? byId.get(r.actorId) : undefined;
      return {
        id: r.id.toString(),
        createdAt: r.createdAt,
        action: r.action,
        actor: { type: r.actorType, id: r.actorId, name: user?.name ?? null, email: user?.email ?? null },
        target: r.targetType && r.targetId ? { type: r.targetType, id: r.targetId } : null,
        before: r.before,
        after: r.after,
        reason: r.reason,
      };
    }),
  };
}
