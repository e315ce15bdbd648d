import { minorUnitDigits, type Currency } from "./currency";

export type MoneySignDisplay = "auto" | "always" | "exceptZero";

export interface FormatMoneyOptions {
  /** "always"/"exceptZero" render "+€5.00", useful for ledger lines. */
  signDisplay?: MoneySignDisplay;
}

export type MinorAmountInput = bigint | string | number;

const formatters = new Map<string, Intl.NumberFormat>();

function getFormatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let nf = formatters.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, options);
    formatters.set(key, nf);
  }
  return nf;
}

/** Normalises an integer amount in minor units; rejects anything that isn't an exact integer. */
export function toMinorUnits(value: MinorAmountInput): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`Minor-unit amount must be a safe integer, got ${value}`);
    }
    return BigInt(value);
  }
  const trimmed = value.trim();
  if (!/^[-+]?\d+$/.test(trimmed)) {
    throw new RangeError(`Minor-unit amount must be an integer string, got "${value}"`);
  }
  return BigInt(trimmed);
}

/** Exact decimal string ("-1234.05") for an amount in minor units; no floating point involved. */
export function minorToDecimalString(amountMinor: bigint, digits: number): `${number}` {
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  const sign = negative ? "-" : "";
  if (digits === 0) return `${sign}${abs}` as `${number}`;
  const padded = abs.toString().padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}` as `${number}`;
}

export function formatMoney(
  amountMinor: bigint,
  currency: Currency,
  locale = "en-GB",
  options: FormatMoneyOptions = {},
): string {
  const signDisplay = options.signDisplay ?? "auto";

  if (currency === "PTS") {
    const nf = getFormatter(locale, { maximumFractionDigits: 0, signDisplay });
    const abs = amountMinor < 0n ? -amountMinor : amountMinor;
    return `${nf.format(amountMinor)} ${abs === 1n ? "pt" : "pts"}`;
  }

  const digits = minorUnitDigits(currency);
  const nf = getFormatter(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay,
  });
  // Intl formats numeric strings at full precision, so values beyond 2^53 stay exact.
  return nf.format(minorToDecimalString(amountMinor, digits));
}
