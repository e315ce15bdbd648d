import type { Currency } from "@/lib/money/currency";

/**
 * The daily cap a cashier works under in one program: their own when it is in the program's currency, else the
 * program's cashier cap (docs/money-rules.md, "Cashier caps"). Null: no cap.
 */
export function cashierCapFor(
  staff: { capMinor: bigint | null; capCurrency: Currency | null } | null,
  program: { currency: Currency; capMinor: bigint | null },
): bigint | null {
  if (staff && staff.capMinor !== null && staff.capCurrency === program.currency) return staff.capMinor;
  return program.capMinor;
}
