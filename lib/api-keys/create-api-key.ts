import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { API_KEY_SCOPES, hashApiKey, isApiKeyScope, keyPrefix, newApiKey, type ApiKeyScope } from "./api-key";

export type CreatedApiKey = { id: string; key: string; name: string; prefix: string; scopes: ApiKeyScope[] };

/** Creates a program API key. The key itself is returned once and never stored. */
export async function createApiKey(db: DbOrTx, input: { programId: string; name?: string; scopes?: string[]; createdById?: string | null }): Promise<CreatedApiKey> {
  const name = (input.name ?? "").trim() || "API key";
  if (name.length > 100) throw new DomainError("VALIDATION", "The name must be at most 100 characters.", { field: "name" });
  const requested = input.scopes && input.scopes.length > 0 ? input.scopes : [...API_KEY_SCOPES];
  const unknown = requested.filter((s) => !isApiKeyScope(s));
  if (unknown.length > 0) throw new DomainError("VALIDATION", `Unknown scope ${unknown.join(", ")}: use ${API_KEY_SCOPES.join(", ")}.`, { field: "scopes" });
  const scopes = [...new Set(requested)].filter(isApiKeyScope);
  const program = await db.program.findUnique({ where: { id: input.programId }, select: { id: true } });
  if (!program) throw new DomainError("NOT_FOUND", "No program has that id.", { field: "program" });
  const key = newApiKey();
  const row = await db.programApiKey.create({
    data: { programId: input.programId, name, prefix: keyPrefix(key), keyHash: hashApiKey(key), scopes, createdById: input.createdById ?? null },
    select: { id: true },
  });
  return { id: row.id, key, name, prefix: keyPrefix(key), scopes };
}
