import "server-only";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { DomainError } from "@/lib/errors";
import { actorRole } from "./invite-staff";

/**
 * Sets (or, with null, clears) one staff member's own register daily caps, which win over the program's
 * defaults: `dailyCapMinor` limits the cashback they issue, `dailySpendCapMinor` the cashback members pay
 * with at their till. A cap left out (undefined) stays as it is. Owners may set anyone's; managers only
 * cashiers'. Audit-logged as staff.cap.update.
 */
export async function setStaffCap(
  db: DbOrTx,
  input: { providerId: string; userId: string; dailyCapMinor?: bigint | null; dailySpendCapMinor?: bigint | null; actor: { userId: string } },
): Promise<{ userId: string; dailyCapMinor: bigint | null; dailySpendCapMinor: bigint | null }> {
  if (input.dailyCapMinor != null && input.dailyCapMinor < 0n) throw new DomainError("VALIDATION", "A daily cap cannot be negative.", { field: "dailyCap" });
  if (input.dailySpendCapMinor != null && input.dailySpendCapMinor < 0n) throw new DomainError("VALIDATION", "A daily cap cannot be negative.", { field: "dailySpendCap" });
  const role = await actorRole(db, input.providerId, input.actor.userId);
  if (role === "CASHIER") throw new DomainError("FORBIDDEN", "Your role does not allow this.");
  return inTransaction(db, async (tx) => {
    const target = await tx.staffMember.findUnique({
      where: { userId_providerId: { userId: input.userId, providerId: input.providerId } },
      select: { id: true, role: true, dailyCapMinor: true, dailySpendCapMinor: true },
    });
    if (!target) throw new DomainError("NOT_FOUND", "That person is not part of this business.");
    if (role !== "OWNER" && target.role !== "CASHIER") throw new DomainError("FORBIDDEN", "Managers can set the daily cap of cashiers only.");
    const next = {
      dailyCapMinor: input.dailyCapMinor === undefined ? target.dailyCapMinor : input.dailyCapMinor,
      dailySpendCapMinor: input.dailySpendCapMinor === undefined ? target.dailySpendCapMinor : input.dailySpendCapMinor,
    };
    if (target.dailyCapMinor !== next.dailyCapMinor || target.dailySpendCapMinor !== next.dailySpendCapMinor) {
      await tx.staffMember.update({ where: { id: target.id }, data: next });
      const before: { dailyCapMinor?: bigint | null; dailySpendCapMinor?: bigint | null } = {};
      const after: typeof before = {};
      if (target.dailyCapMinor !== next.dailyCapMinor) [before.dailyCapMinor, after.dailyCapMinor] = [target.dailyCapMinor, next.dailyCapMinor];
      if (target.dailySpendCapMinor !== next.dailySpendCapMinor) [before.dailySpendCapMinor, after.dailySpendCapMinor] = [target.dailySpendCapMinor, next.dailySpendCapMinor];
      await recordAudit(tx, {
        actor: { type: "USER", id: input.actor.userId },
        action: "staff.cap.update",
        providerId: input.providerId,
        target: { type: "user", id: input.userId },
        before,
        after,
      });
    }
    return { userId: input.userId, ...next };
  });
}
