import { minorToDecimalString } from "./format";

/** Rates are basis points: 10,000 bps is the whole (100%), so 250 bps = 2.5%. */
export const BPS_PER_WHOLE = 10_000n;

/** A whole number of basis points from 0 to 100%. */
export function isBps(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= Number(BPS_PER_WHOLE);
}

/** `bps` of an amount in minor units, rounded down (never a fraction of a minor unit more than the rate). */
export function applyBps(amountMinor: bigint, bps: number): bigint {
  return (amountMinor * BigInt(bps)) / BPS_PER_WHOLE;
}

const percentFormatters = new Map<string, Intl.NumberFormat>();

/** 250 → "2.5%". Intl formats the exact decimal fraction (250 → "0.0250"), so no float rounds the rate. */
export function formatBps(bps: number, locale = "en-GB"): string {
  let nf = percentFormatters.get(locale);
  if (!nf) {
    // One bps is 0.01%: two fraction digits show every rate exactly.
    nf = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
    percentFormatters.set(locale, nf);
  }
  // Four decimal digits because the whole is 10^4 bps.
  return nf.format(minorToDecimalString(BigInt(bps), 4));
}

/**
 * Basis points as the percentage number Stripe's `application_fee_percent` takes (1000 → 10, 250 → 2.5):
 * built from the exact decimal string, so no float arithmetic touches the rate.
 */
export function bpsToPercent(bps: number): number {
  if (!isBps(bps)) throw new RangeError(`${bps} is not a whole number of basis points from 0 to 10000`);
  return Number(minorToDecimalString(BigInt(bps), 2));
}
