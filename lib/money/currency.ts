export const CURRENCIES = ["EUR", "USD", "GBP", "CAD", "PTS"] as const;

export type Currency = (typeof CURRENCIES)[number];

const MINOR_UNIT_DIGITS: Record<Currency, number> = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CAD: 2,
  PTS: 0,
};

export function minorUnitDigits(c: Currency): number {
  return MINOR_UNIT_DIGITS[c];
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === "string" && (CURRENCIES as readonly string[]).includes(value);
}
