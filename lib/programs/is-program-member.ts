import "server-only";
import { db } from "@/lib/db/client";

/** Whether the user already belongs to the program (the page then offers the wallet instead of Join). */
export async function isProgramMember(userId: string, programId: string): Promise<boolean> {
  const member = await db.member.findUnique({ where: { userId_programId: { userId, programId } }, select: { status: true } });
  // Someone who left (or has not paid yet) is offered Join again.
  return member?.status === "ACTIVE" || member?.status === "SUSPENDED";
}
