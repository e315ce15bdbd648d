import "server-only";
import type { DbOrTx } from "@/lib/db/client";

export type ApiKeyView = { id: string; name: string; prefix: string; scopes: string[]; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** A program's keys, newest first, without secrets. */
export async function listApiKeys(db: DbOrTx, programId: string): Promise<ApiKeyView[]> {
  return db.programApiKey.findMany({
    where: { programId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
