import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The program, when it belongs to the provider and the user holds one of `roles` there, read from the
 * database (the action builders check the session too; this keeps the rule next to the change).
 * Not being staff, or another tenant's ids, look like a missing program.
 */
export async function requireProgramEditor(db: DbOrTx, input: { providerId: string; programId: string; userId: string }, roles: readonly StaffRole[]) {
  const { providerId, programId, userId } = input;
  const ok = UUID.test(providerId) && UUID.test(programId) && UUID.test(userId);
  const [grant, program] = ok
    ? await Promise.all([
        db.staffMember.findUnique({ where: { userId_providerId: { userId, providerId } }, select: { role: true } }),
        db.program.findFirst({ where: { id: programId, providerId }, select: { id: true, name: true, currency: true } }),
      ])
    : [null, null];
  if (!grant || !program) throw new DomainError("NOT_FOUND", "That program does not exist or you are not part of it.", { field: "programId" });
  if (!roles.includes(grant.role)) throw new DomainError("FORBIDDEN", "Your role does not allow this.");
  return { ...program, role: grant.role };
}
