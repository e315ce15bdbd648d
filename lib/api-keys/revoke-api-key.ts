import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

/**
 * Revokes a key: every request after this one is refused with 401 (keys are looked up on each request, never
 * cached). Repeatable. `programId`, when given, must be the key's (a dashboard may only revoke its own).
 */
export async function revokeApiKey(db: DbOrTx, input: { keyId: string; programId?: string }): Promise<{ id: string; revokedAt: Date }> {
  const key = await db.programApiKey.findUnique({ where: { id: input.keyId }, select: { id: true, programId: true, revokedAt: true } });
  if (!key || (input.programId && key.programId !== input.programId)) throw new DomainError("NOT_FOUND", "No API key has that id.", { field: "key" });
  if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
  const updated = await db.programApiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
  return { id: updated.id, revokedAt: updated.revokedAt ?? new Date() };
}
