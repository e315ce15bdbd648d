/** Minor-unit digits for ISO currencies Plaid reports; 2 unless listed. */
const ZERO_DECIMAL = new Set(["JPY", "KRW", "CLP", "ISK", "VND"]);

/**
 * Plaid sends amounts as JSON numbers with the currency's precision (12.3 = 12.30). Converted once at the
 * edge through a fixed-precision string, never by multiplying floats.
 */
export function plaidAmountToMinor(amount: number, currency: string): bigint {
  if (!Number.isFinite(amount)) throw new RangeError(`not an amount: ${amount}`);
  const digits = ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
  const fixed = Math.abs(amount).toFixed(digits).replace(".", "");
  const minor = BigInt(fixed);
  return amount < 0 ? -minor : minor;
}
