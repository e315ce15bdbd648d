import "server-only";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { cancelMemberSubscriptions } from "@/lib/memberships/cancel-member-subscriptions";

/**
 * The member leaves a program. Nothing moves in the ledger: available cashback stays theirs (visible, and
 * usable as before), pending cashback still becomes available when its hold period ends, receipts already
 * sent are still reviewed; new purchases earn nothing (rewards for a member who left are rejected). Joining
 * again from the program page makes the membership active again (a paid one through a new payment).
 * A paid membership's payments stop first (cancelled at Stripe); if that fails, the member has not left.
 */
export async function leaveProgram(userId: string, memberId: string): Promise<{ programName: string }> {
  const member = await db.member.findFirst({ where: { id: memberId, userId }, select: { status: true, program: { select: { name: true } }, subscription: { select: { id: true } } } });
  if (!member) throw new DomainError("NOT_FOUND", "You are not a member of that program.");
  if (member.status === "LEFT") return { programName: member.program.name };
  // A paid membership that is unpaid or waiting for payment can be ended too (rejoining means paying again);
  // otherwise only an active one.
  const paid = member.subscription !== null;
  if (member.status !== "ACTIVE" && !paid) throw new DomainError("CONFLICT", "This membership is not active; contact the business to end it.");
  if (paid) await cancelMemberSubscriptions([memberId]);
  await db.member.updateMany({ where: { id: memberId, userId, status: { not: "LEFT" } }, data: { status: "LEFT", statusChangedAt: new Date() } });
  return { programName: member.program.name };
}
