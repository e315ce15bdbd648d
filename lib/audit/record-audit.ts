import type { Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/rewards/actor";

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type AuditEntry = {
  actor: Actor;
  /** Dotted verb: "program.rules.update", "program.settings.update", "program.branding.update", "staff.invite"… */
  action: string;
  providerId?: string | null;
  programId?: string | null;
  target?: { type: string; id: string } | null;
  /** What changed: only the fields that differ are worth keeping, with BigInts as strings. */
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** JSON-safe copy: BigInt → string, Date → ISO string, undefined dropped. */
export function auditJson(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as JsonValue;
}

/** The fields of `after` whose values differ from `before`, as { before, after } pairs for the audit log. */
export function auditDiff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(auditJson(before[key]) ?? null) !== JSON.stringify(auditJson(after[key]) ?? null)) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return Object.keys(a).length === 0 ? null : { before: b, after: a };
}

/** Appends one entry to the audit log, in the caller's transaction so it commits with the change. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      action: entry.action,
      providerId: entry.providerId ?? null,
      programId: entry.programId ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      before: auditJson(entry.before) ?? undefined,
      after: auditJson(entry.after) ?? undefined,
      reason: entry.reason ?? null,
    },
  });
}
