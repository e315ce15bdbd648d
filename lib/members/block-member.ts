import "server-only";
import type { Db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/rewards/actor";

export type MemberBlockView = { memberId: string; blocked: boolean; blockedAt: Date | null; reason: string | null };

/**
 * The business blocks a member from earning in its program, or lifts the block. While blocked, every purchase
 * (shop events, register, linked cards, receipts, purchases claimed on joining) is kept and its reward recorded
 * as rejected with the reason "earning blocked by the business" (lib/rewards/issue-reward.ts); what the member
 * already holds stays theirs and may be spent or withdrawn. Audit-logged with the reason; repeating is a no-op.
 * A member of another business is not found.
 */
export async function setMemberEarningBlock(db: Db, input: { providerId: string; memberId: string; blocked: boolean; reason: string; actor: Actor }): Promise<MemberBlockView> {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError("VALIDATION", "Say why.", { field: "reason" });
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      SELECT m.id FROM members m JOIN programs p ON p.id = m.program_id
       WHERE m.id = ${input.memberId}::uuid AND p.provider_id = ${input.providerId}::uuid FOR UPDATE OF m`;
    if (!row) throw new DomainError("NOT_FOUND", "No such member.", { field: "memberId" });
    const member = await tx.member.findUniqueOrThrow({ where: { id: row.id }, select: { id: true, programId: true, earningBlockedAt: true, earningBlockedReason: true } });
    const wasBlocked = member.earningBlockedAt !== null;
    if (wasBlocked === input.blocked) return { memberId: member.id, blocked: wasBlocked, blockedAt: member.earningBlockedAt, reason: member.earningBlockedReason };
    const blockedAt = input.blocked ? new Date() : null;
    await tx.member.update({ where: { id: member.id }, data: { earningBlockedAt: blockedAt, earningBlockedReason: input.blocked ? reason : null } });
    await recordAudit(tx, {
      actor: input.actor,
      action: input.blocked ? "member.block" : "member.unblock",
      providerId: input.providerId,
      programId: member.programId,
      target: { type: "member", id: member.id },
      before: { blocked: wasBlocked },
      after: { blocked: input.blocked },
      reason,
    });
    return { memberId: member.id, blocked: input.blocked, blockedAt, reason: input.blocked ? reason : null };
  });
}
