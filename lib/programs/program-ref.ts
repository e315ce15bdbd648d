import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the program an operator names by its id or by its public slug (`cafe-aurora`, as in /p/cafe-aurora).
 * 404 naming `programId` when neither matches.
 */
export async function resolveProgramRef(db: DbOrTx, ref: string): Promise<string> {
  const value = ref.trim();
  const program = await db.program.findFirst({ where: UUID.test(value) ? { id: value } : { slug: value.toLowerCase() }, select: { id: true } });
  if (!program) throw new DomainError("NOT_FOUND", `No program has the id or slug "${value}".`, { field: "programId" });
  return program.id;
}
