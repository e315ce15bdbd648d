import "server-only";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

/**
 * The member leaves a program. Nothing moves in the ledger: available cashback stays theirs (visible, and
 * usable as before), pending cashback still becomes available when its hold period ends, receipts already
 * sent are still reviewed; new purchases earn nothing (rewards for a member who left are rejected). Joining
 * again from the program page makes the membership active again.
 */
export async function leaveProgram(userId: string, memberId: string): Promise<{ programName: string }> {
  const member = await db.member.findFirst({ where: { id: memberId, userId }, select: { status: true, program: { select: { name: true } } } });
  if (!member) throw new DomainError("NOT_FOUND", "You are not a member of that program.");
  if (member.status === "LEFT") return { programName: member.program.name };
  if (member.status !== "ACTIVE") throw new DomainError("CONFLICT", "This membership is not active; contact the business to end it.");
  await db.member.updateMany({ where: { id: memberId, userId, status: "ACTIVE" }, data: { status: "LEFT", statusChangedAt: new Date() } });
  return { programName: member.program.name };
}
