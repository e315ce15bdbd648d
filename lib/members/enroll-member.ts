import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { joinProgram } from "./join-program";

/**
 * An operator enrols an existing account in a program (as if they had pressed Join): idempotent, and the
 * purchases recorded earlier for the account's e-mail are rewarded. No account is created here.
 */
export async function enrollMember(db: DbOrTx, input: { programId: string; email: string }): Promise<{ memberId: string; memberCode: string }> {
  const email = input.email.trim().toLowerCase();
  const program = await db.program.findUnique({ where: { id: input.programId }, select: { id: true } });
  if (!program) throw new DomainError("NOT_FOUND", "No program has that id.", { field: "programId" });
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw new DomainError("NOT_FOUND", `No account has the e-mail ${email}; create it first (member:create).`, { field: "email" });
  const member = await joinProgram(db, { userId: user.id, programId: input.programId });
  return { memberId: member.id, memberCode: member.code };
}
