import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { ProviderStatus } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/rewards/actor";

/** Every admin action carries a reason, kept in the audit log. */
export const adminReasonSchema = z
  .string({ error: "Give a reason" })
  .trim()
  .min(3, "Give a reason (at least 3 characters)")
  .max(500, "Keep the reason under 500 characters");

export type ProviderStatusChange = { providerId: string; actor: Actor; reason: string };
export type ChangedProvider = { providerId: string; slug: string; status: ProviderStatus; previousStatus: ProviderStatus; changed: boolean };

type Transition = { action: string; from: readonly ProviderStatus[]; to: ProviderStatus; refusal: string };

/**
 * Moves a business from one status to another with its audit entry, in one transaction (the row is locked so
 * two admins cannot both act on the status they read). Asking for the status it already has changes nothing.
 */
export async function changeProviderStatus(db: Db, input: ProviderStatusChange, t: Transition): Promise<ChangedProvider> {
  const reason = adminReasonSchema.safeParse(input.reason);
  if (!reason.success) throw new DomainError("VALIDATION", reason.error.issues[0]?.message ?? "Give a reason", { field: "reason" });
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string; slug: string; status: ProviderStatus }[]>`
      SELECT id, slug, status::text AS status FROM providers WHERE id = ${input.providerId}::uuid FOR UPDATE`;
    if (!row) throw new DomainError("NOT_FOUND", "That business does not exist.", { field: "providerId" });
    if (row.status === t.to) return { providerId: row.id, slug: row.slug, status: row.status, previousStatus: row.status, changed: false };
    if (!t.from.includes(row.status)) throw new DomainError("CONFLICT", t.refusal.replace("{status}", row.status.toLowerCase()));
    const suspending = t.to === "SUSPENDED";
    await tx.provider.update({
      where: { id: row.id },
      data: { status: t.to, suspendedReason: suspending ? reason.data : null, suspendedAt: suspending ? new Date() : null },
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: t.action,
      providerId: row.id,
      target: { type: "provider", id: row.id },
      before: { status: row.status },
      after: { status: t.to },
      reason: reason.data,
    });
    return { providerId: row.id, slug: row.slug, status: t.to, previousStatus: row.status, changed: true };
  });
}
