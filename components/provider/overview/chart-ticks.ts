import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";

/**
 * Y-axis ticks for daily amounts, in minor units, at whole currency units only (€0, €5, €10… never €2.50 or
 * raw cents): a 1-2-5 step chosen so there are at most `most` steps above zero, and the top tick at or above `maxMinor`.
 */
export function wholeUnitTicks(maxMinor: bigint, currency: Currency, most = 4): bigint[] {
  const unit = 10n ** BigInt(minorUnitDigits(currency));
  const maxWhole = maxMinor <= 0n ? 1n : (maxMinor + unit - 1n) / unit;
  let step = 1n;
  for (let scale = 1n; ; scale *= 10n) {
    const found = [1n, 2n, 5n].map((m) => m * scale).find((s) => (maxWhole + s - 1n) / s <= BigInt(most));
    if (found) {
      step = found;
      break;
    }
  }
  const steps = (maxWhole + step - 1n) / step;
  return Array.from({ length: Number(steps) + 1 }, (_, i) => BigInt(i) * step * unit);
}

/** A tick's label: whole units, no decimals ("€1,000", "500 pts"). */
export function formatTick(minor: bigint, currency: Currency): string {
  if (currency === "PTS") return formatMoney(minor, currency);
  const unit = 10n ** BigInt(minorUnitDigits(currency));
  const whole = minor / unit;
  return new Intl.NumberFormat("en-GB", { style: "currency", currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(whole);
}
