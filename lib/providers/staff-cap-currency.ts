import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/money/currency";

/** Staff daily caps are typed in the currency of the provider's first program, as the Staff page shows them. */
export async function staffCapCurrency(db: DbOrTx, providerId: string): Promise<Currency> {
  const program = await db.program.findFirst({ where: { providerId }, orderBy: { createdAt: "asc" }, select: { currency: true } });
  return program?.currency ?? "EUR";
}
