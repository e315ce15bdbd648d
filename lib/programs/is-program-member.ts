import "server-only";
import { db } from "@/lib/db/client";

/** Whether the user already belongs to the program (the page then offers the wallet instead of Join). */
export async function isProgramMember(userId: string, programId: string): Promise<boolean> {
  const member = await db.member.findUnique({ where: { userId_programId: { userId, programId } }, select: { id: true } });
  return member !== null;
}
