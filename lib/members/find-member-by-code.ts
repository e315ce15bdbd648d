import "server-only";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { normaliseMemberCode } from "./member-code";

/** A member of one of this provider's programs, showing the cashier only a first name. */
export async function findMemberByCode(providerId: string, rawCode: string) {
  const code = normaliseMemberCode(rawCode);
  if (!code) throw new DomainError("VALIDATION", "A member code has 8 letters and digits, like K7QM-4XTR.", { field: "code" });
  const member = await db.member.findFirst({
    where: { code, program: { providerId } },
    select: { id: true, code: true, program: { select: { name: true } }, user: { select: { name: true } } },
  });
  if (!member) throw new DomainError("NOT_FOUND", "No member of this business has that code.", { field: "code" });
  return { memberId: member.id, code: member.code, program: member.program.name, firstName: member.user.name?.split(/\s+/)[0] || "Member" };
}
