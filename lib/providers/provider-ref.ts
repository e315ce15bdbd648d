import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id of the business an operator names by its id or its slug (`bloom-books`); 404 naming `providerId` otherwise. */
export async function resolveProviderRef(db: DbOrTx, ref: string): Promise<string> {
  const value = ref.trim();
  const provider = await db.provider.findFirst({ where: UUID.test(value) ? { id: value } : { slug: value.toLowerCase() }, select: { id: true } });
  if (!provider) throw new DomainError("NOT_FOUND", `No business has the id or slug "${value}".`, { field: "providerId" });
  return provider.id;
}
