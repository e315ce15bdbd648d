import "server-only";
import type { Db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { endAllSessions } from "@/lib/auth/sessions";
import type { Actor } from "@/lib/rewards/actor";

/**
 * Locks an account (it cannot sign in, and every open session ends at once) or unlocks it, audited with the
 * reason. Locking an admin's own account is refused, so the console cannot lock itself out.
 */
export async function setUserLocked(db: Db, input: { userId: string; locked: boolean; actor: Actor; reason: string }): Promise<{ locked: boolean; changed: boolean }> {
  if (input.locked && input.actor.type === "USER" && input.actor.id === input.userId) throw new DomainError("FORBIDDEN", "You cannot lock your own account.");
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, lockedAt: true } });
    if (!user) throw new DomainError("NOT_FOUND", "No such person.", { field: "userId" });
    if ((user.lockedAt !== null) === input.locked) return { locked: input.locked, changed: false };
    await tx.user.update({ where: { id: user.id }, data: { lockedAt: input.locked ? new Date() : null, lockedReason: input.locked ? input.reason : null } });
    if (input.locked) await endAllSessions(tx, user.id);
    await recordAudit(tx, { actor: input.actor, action: input.locked ? "user.lock" : "user.unlock", target: { type: "user", id: user.id }, reason: input.reason });
    return { locked: input.locked, changed: true };
  });
}
