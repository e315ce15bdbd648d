import "server-only";
import type { Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Currency } from "@/lib/db/generated/enums";
import { addStaff } from "./add-staff";

/**
 * Turns every pending staff invitation for this e-mail into a membership of the new account (role and daily
 * cap as invited), in the caller's transaction: called when a sign-up is confirmed, so only the owner of the
 * address can take up what was offered to it. Answers the providers joined.
 */
const capOf = (i: { dailyCapMinor: bigint | null; dailyCapCurrency: Currency | null }) =>
  i.dailyCapMinor !== null && i.dailyCapCurrency !== null ? { minor: i.dailyCapMinor, currency: i.dailyCapCurrency } : null;

export async function acceptStaffInvitations(tx: Tx, user: { id: string; email: string }, now = new Date()): Promise<string[]> {
  const email = user.email.trim().toLowerCase();
  const pending = await tx.staffInvitation.findMany({ where: { email, acceptedAt: null }, orderBy: { createdAt: "asc" } });
  for (const invitation of pending) {
    await addStaff(tx, { providerId: invitation.providerId, userId: user.id, role: invitation.role, dailyCap: capOf(invitation) });
    await tx.staffInvitation.update({ where: { id: invitation.id }, data: { acceptedAt: now } });
    await recordAudit(tx, {
      actor: { type: "USER", id: user.id },
      action: "staff.invite.accept",
      providerId: invitation.providerId,
      target: { type: "user", id: user.id },
      after: { email, role: invitation.role, dailyCapMinor: invitation.dailyCapMinor, dailyCapCurrency: invitation.dailyCapCurrency },
    });
  }
  return pending.map((i) => i.providerId);
}
