import "server-only";
import type { Db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { endAllSessions } from "@/lib/auth/sessions";
import type { Actor } from "@/lib/rewards/actor";

/** Support ends every open session of a person ("sign out everywhere" on their behalf), audited with the reason. */
export async function endUserSessions(db: Db, input: { userId: string; actor: Actor; reason: string }): Promise<{ ended: number }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
    if (!user) throw new DomainError("NOT_FOUND", "No such person.", { field: "userId" });
    const open = await tx.signIn.count({ where: { userId: user.id, endedAt: null } });
    await endAllSessions(tx, user.id);
    await recordAudit(tx, { actor: input.actor, action: "user.sessions.end", target: { type: "user", id: user.id }, after: { ended: open }, reason: input.reason });
    return { ended: open };
  });
}
