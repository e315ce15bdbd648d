import "server-only";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { DomainError } from "@/lib/errors";
import { actorRole, canGrant } from "./invite-staff";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Withdraws a pending invitation: signing up with that address then grants nothing. Managers may withdraw cashier invitations only. */
export async function revokeInvitation(db: DbOrTx, input: { providerId: string; invitationId: string; actor: { userId: string } }): Promise<{ id: string; email: string }> {
  const role = await actorRole(db, input.providerId, input.actor.userId);
  if (role === "CASHIER") throw new DomainError("FORBIDDEN", "Your role does not allow this.");
  return inTransaction(db, async (tx) => {
    const invitation = UUID.test(input.invitationId)
      ? await tx.staffInvitation.findFirst({ where: { id: input.invitationId, providerId: input.providerId, acceptedAt: null } })
      : null;
    if (!invitation) throw new DomainError("NOT_FOUND", "That invitation does not exist or was already taken up.");
    if (!canGrant(role, invitation.role)) throw new DomainError("FORBIDDEN", "Only an owner can withdraw an invitation for an owner or a manager.");
    await tx.staffInvitation.delete({ where: { id: invitation.id } });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.actor.userId },
      action: "staff.invite.revoke",
      providerId: input.providerId,
      target: { type: "staff_invitation", id: invitation.id },
      before: { email: invitation.email, role: invitation.role, dailyCapMinor: invitation.dailyCapMinor, dailyCapCurrency: invitation.dailyCapCurrency },
      after: null,
    });
    return { id: invitation.id, email: invitation.email };
  });
}
