import "server-only";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { DomainError } from "@/lib/errors";
import { actorRole } from "./invite-staff";

/** Takes someone's access to this provider away. The last owner stays; a manager may not remove owners or managers other than themselves. */
export async function removeStaff(db: DbOrTx, input: { providerId: string; userId: string; actor: { userId: string } }): Promise<{ userId: string }> {
  const role = await actorRole(db, input.providerId, input.actor.userId);
  return inTransaction(db, async (tx) => {
    // Serialise staff changes per provider so two owners cannot remove each other at the same moment.
    await tx.$queryRaw`SELECT id FROM providers WHERE id = ${input.providerId}::uuid FOR UPDATE`;
    const target = await tx.staffMember.findUnique({
      where: { userId_providerId: { userId: input.userId, providerId: input.providerId } },
      select: { id: true, role: true, dailyCapMinor: true, dailyCapCurrency: true, user: { select: { email: true } } },
    });
    if (!target) throw new DomainError("NOT_FOUND", "That person is not part of this business.");
    const self = input.userId === input.actor.userId;
    if (!self && role !== "OWNER" && target.role !== "CASHIER") throw new DomainError("FORBIDDEN", "Only an owner can remove owners or managers.");
    if (role === "CASHIER" && !self) throw new DomainError("FORBIDDEN", "Your role does not allow this.");
    if (target.role === "OWNER") {
      const owners = await tx.staffMember.count({ where: { providerId: input.providerId, role: "OWNER" } });
      if (owners <= 1) throw new DomainError("CONFLICT", "This is the only owner; add another owner first.");
    }
    await tx.staffMember.delete({ where: { id: target.id } });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.actor.userId },
      action: "staff.remove",
      providerId: input.providerId,
      target: { type: "user", id: input.userId },
      before: { email: target.user.email, role: target.role, dailyCapMinor: target.dailyCapMinor, dailyCapCurrency: target.dailyCapCurrency },
      after: null,
    });
    return { userId: input.userId };
  });
}
