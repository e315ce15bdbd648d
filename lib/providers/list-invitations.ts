import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, StaffRole } from "@/lib/db/generated/enums";

export type InvitationRow = { id: string; email: string; role: StaffRole; dailyCapMinor: bigint | null; dailyCapCurrency: Currency | null; invitedAt: Date; invitedBy: string | null };

/** Invitations sent to addresses that have not signed up yet, newest first. */
export async function listInvitations(db: DbOrTx, providerId: string): Promise<InvitationRow[]> {
  const rows = await db.staffInvitation.findMany({ where: { providerId, acceptedAt: null }, orderBy: { createdAt: "desc" }, take: 200 });
  const inviterIds = [...new Set(rows.flatMap((r) => (r.invitedById ? [r.invitedById] : [])))];
  const inviters = inviterIds.length > 0 ? await db.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(inviters.map((u) => [u.id, u.name ?? u.email]));
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    dailyCapMinor: r.dailyCapMinor,
    dailyCapCurrency: r.dailyCapCurrency,
    invitedAt: r.createdAt,
    invitedBy: r.invitedById ? (byId.get(r.invitedById) ?? null) : null,
  }));
}
