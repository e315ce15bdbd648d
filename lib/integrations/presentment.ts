import type { Sql } from "@/lib/db/unit-of-work";
import { isCurrency, minorUnitDigits, type Currency } from "@/lib/money/currency";

// Shopify sells in the customer's currency (the presentment currency) and books in the shop's. A refund stated
// only in the customer's currency is converted with the order's own rate: its total in both currencies.

/** Digits after the point that presentment amounts are compared at: more than any currency uses. */
const SCALE = 6;
const DECIMAL = /^(0|[1-9][0-9]{0,17})(?:\.([0-9]{1,6}))?$/;

/** A plain decimal ("4500", "12.5", "-3.20" with `signed`) as an integer of 10^-6 units; null when it is not one. */
export function scaledDecimal(value: string, opts: { signed?: boolean } = {}): bigint | null {
  const trimmed = value.trim();
  const negative = opts.signed === true && trimmed.startsWith("-");
  const match = DECIMAL.exec(negative ? trimmed.slice(1) : trimmed);
  if (!match) return null;
  const units = BigInt((match[1] ?? "0") + (match[2] ?? "").padEnd(SCALE, "0"));
  return negative ? -units : units;
}

/** ⌈a × b ÷ c⌉ for non-negative a, b and positive c. */
export function mulDivCeil(a: bigint, b: bigint, c: bigint): bigint {
  return (a * b + c - 1n) / c;
}

/** A scaled decimal back as a plain decimal string ("12.500000" → "12.5"). */
export function unscaled(value: bigint): string {
  const digits = value.toString().padStart(SCALE + 1, "0");
  const fraction = digits.slice(-SCALE).replace(/0+$/, "");
  return fraction ? `${digits.slice(0, -SCALE)}.${fraction}` : digits.slice(0, -SCALE);
}

const ORDER_SQL = `
  SELECT amount_minor::text AS amount, currency::text AS currency,
         origin->'presentment'->>'amount' AS presentment_amount, origin->'presentment'->>'currency' AS presentment_currency
    FROM purchases WHERE program_id = $1::uuid AND source = 'WEBHOOK' AND order_id = $2::text`;

/**
 * An amount the shop stated in some currency, in minor units of its order's currency: as it is when that is
 * the order's currency; otherwise amount × order total ÷ order total in that (the customer's) currency,
 * rounded up (in the business's favour, as rewards round down). At most the order. Null when the order, or
 * its total in that currency, is not known yet.
 */
export async function presentmentToShopMinor(
  sql: Sql,
  input: { programId: string; orderId: string; refund: { amount: string; currency: string } },
): Promise<{ amountMinor: bigint; currency: Currency } | null> {
  const [order] = await sql.query<{ amount: string; currency: string; presentment_amount: string | null; presentment_currency: string | null }>(ORDER_SQL, [
    input.programId,
    input.orderId,
  ]);
  const refund = scaledDecimal(input.refund.amount);
  if (!order || refund === null || !isCurrency(order.currency)) return null;
  const currency = order.currency;
  const shopTotal = BigInt(order.amount);
  const cap = (v: bigint) => ({ amountMinor: v > shopTotal ? shopTotal : v, currency });
  if (input.refund.currency.toUpperCase() === currency) return cap(mulDivCeil(refund, 10n ** BigInt(minorUnitDigits(currency)), 10n ** BigInt(SCALE)));
  if (!order.presentment_amount || order.presentment_currency?.toUpperCase() !== input.refund.currency.toUpperCase()) return null;
  const total = scaledDecimal(order.presentment_amount);
  if (total === null || total <= 0n) return null;
  return cap(mulDivCeil(refund, shopTotal, total));
}
