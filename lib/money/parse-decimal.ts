import { minorUnitDigits, type Currency } from "./currency";

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * A decimal amount as shops send it ("42.10") in minor units of `currency` (4210n), by string arithmetic
 * only. Strict: no sign, exponent, spaces or grouping, and no precision the currency cannot hold ("4.999"
 * EUR, "1.5" PTS); trailing zeros beyond it are fine ("42.100"). Throws a RangeError otherwise.
 */
export function decimalToMinor(value: string, currency: Currency): bigint {
  const match = DECIMAL.exec(value);
  if (!match) throw new RangeError(`"${value.slice(0, 40)}" is not a plain decimal amount such as 42.10`);
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  const digits = minorUnitDigits(currency);
  const kept = fraction.slice(0, digits);
  if (/[^0]/.test(fraction.slice(digits))) {
    throw new RangeError(`${value} has more than ${digits} decimal ${digits === 1 ? "place" : "places"}, the precision of ${currency}`);
  }
  return BigInt(whole + kept.padEnd(digits, "0"));
}

/** decimalToMinor, or null when the value is not a valid amount. */
export function tryDecimalToMinor(value: string, currency: Currency): bigint | null {
  try {
    return decimalToMinor(value, currency);
  } catch {
    return null;
  }
}
