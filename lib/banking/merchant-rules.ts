import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

export type MerchantRuleView = { id: string; programId: string; kind: "NAME" | "ENTITY_ID"; pattern: string; createdAt: Date };

/** The program, if it belongs to the provider (tenant check for every rule change). */
export async function programOfProvider(db: DbOrTx, providerId: string, programId: string): Promise<{ id: string }> {
  const program = await db.program.findFirst({ where: { id: programId, providerId }, select: { id: true } });
  if (!program) throw new DomainError("NOT_FOUND", "That program does not exist or is not yours.", { field: "programId" });
  return program;
}
