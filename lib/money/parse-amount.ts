import { minorUnitDigits, type Currency } from "./currency";

/**
 * What a person types as an amount ("12.50", "12,5", "12", "€ 12.50") in minor units, by string parsing
 * only — no floating point. Null for anything else: negative, more decimals than the currency has, thousands
 * separators, more than 12 whole digits.
 */
export function parseAmountInput(text: string, currency: Currency): bigint | null {
  const digits = minorUnitDigits(currency);
  const cleaned = text.replace(/[\s€$£]/g, "");
  const match = /^(\d{0,12})(?:[.,](\d*))?$/.exec(cleaned);
  if (!match) return null;
  const whole = match[1] ?? "";
  const fraction = match[2] ?? "";
  if (whole === "" && fraction === "") return null;
  if (fraction.length > digits) return null;
  const scale = 10n ** BigInt(digits);
  return BigInt(whole || "0") * scale + BigInt(fraction.padEnd(digits, "0") || "0");
}
