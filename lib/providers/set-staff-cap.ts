import "server-only";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { DomainError } from "@/lib/errors";
import { actorRole } from "./invite-staff";

/**
 * Sets (or, with null, clears) one staff member's own register daily cap, which wins over the program's
 * default. Owners may set anyone's; managers only cashiers'. Audit-logged as staff.cap.update.
 */
export async function setStaffCap(
  db: DbOrTx,
  input: { providerId: string; userId: string; dailyCapMinor: bigint | null; actor: { userId: string } },
): Promise<{ userId: string; dailyCapMinor: bigint | null }> {
  if (input.dailyCapMinor !== null && input.dailyCapMinor < 0n) throw new DomainError("VALIDATION", "A daily cap cannot be negative.", { field: "dailyCap" });
  const role = await actorRole(db, input.providerId, input.actor.userId);
  if (role === "CASHIER") throw new DomainError("FORBIDDEN", "Your role does not allow this.");
  return inTransaction(db, async (tx) => {
    const target = await tx.staffMember.findUnique({
      where: { userId_providerId: { userId: input.userId, providerId: input.providerId } },
      select: { id: true, role: true, dailyCapMinor: true },
    });
    if (!target) throw new DomainError("NOT_FOUND", "That person is not part of this business.");
    if (role !== "OWNER" && target.role !== "CASHIER") throw new DomainError("FORBIDDEN", "Managers can set the daily cap of cashiers only.");
    if (target.dailyCapMinor !== input.dailyCapMinor) {
      await tx.staffMember.update({ where: { id: target.id }, data: { dailyCapMinor: input.dailyCapMinor } });
      await recordAudit(tx, {
        actor: { type: "USER", id: input.actor.userId },
        action: "staff.cap.update",
        providerId: input.providerId,
        target: { type: "user", id: input.userId },
        before: { dailyCapMinor: target.dailyCapMinor },
        after: { dailyCapMinor: input.dailyCapMinor },
      });
    }
    return { userId: input.userId, dailyCapMinor: input.dailyCapMinor };
  });
}
