import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { isCurrency, type Currency } from "@/lib/money/currency";

/**
 * The currencies a staff member's register caps may be set in: those of the business's programs, the first
 * program's first (the default). EUR for a business without a program yet.
 */
export async function staffCapCurrencies(db: DbOrTx, providerId: string): Promise<Currency[]> {
  const programs = await db.program.findMany({ where: { providerId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { currency: true } });
  const currencies = [...new Set(programs.map((p) => p.currency))];
  return currencies.length > 0 ? currencies : ["EUR"];
}

/** The currency a cap is set in: the one asked for, which must be one of the business's programs', or by default the first program's. */
export async function staffCapCurrency(db: DbOrTx, providerId: string, asked?: string | null, field = "dailyCapCurrency"): Promise<Currency> {
  const currencies = await staffCapCurrencies(db, providerId);
  if (asked === undefined || asked === null || asked === "") return currencies[0] ?? "EUR";
  if (!isCurrency(asked) || !currencies.includes(asked)) {
    throw new DomainError("VALIDATION", `A cap is in the currency of one of this business's programs (${currencies.join(", ")}).`, { field });
  }
  return asked;
}
