import { applyBps, isBps } from "@/lib/money/bps";

/**
 * The platform's commission on the cashback a provider awards: basis points by volume tier, no setup fee.
 * Progressive per award: an award is charged the rate of the tier that the provider's awarded cashback in
 * that month and currency had reached before it (the award that crosses €1,000 still pays 5%, later ones 4%).
 * That volume is net of reversals: cashback refunded (or otherwise taken back) does not count towards a tier.
 * Thresholds are minor units of the award's currency. PLATFORM_COMMISSION_TIERS overrides the default as
 * "from:bps" pairs, e.g. "0:500,100000:400,1000000:300".
 */
export type CommissionTier = { fromMinor: bigint; bps: number };

export const DEFAULT_COMMISSION_TIERS: readonly CommissionTier[] = [
  { fromMinor: 0n, bps: 500 },
  { fromMinor: 100_000n, bps: 400 },
  { fromMinor: 1_000_000n, bps: 300 },
];

export function parseCommissionTiers(spec: string | undefined): CommissionTier[] {
  if (!spec?.trim()) return [...DEFAULT_COMMISSION_TIERS];
  const tiers = spec.split(",").map((pair) => {
    const match = /^\s*(\d{1,15})\s*:\s*(\d{1,5})\s*$/.exec(pair);
    if (!match) throw new Error(`PLATFORM_COMMISSION_TIERS: "${pair}" is not "<from minor units>:<basis points>"`);
    const bps = Number(match[2]);
    if (!isBps(bps)) throw new Error(`PLATFORM_COMMISSION_TIERS: ${bps} bps is more than 100%`);
    return { fromMinor: BigInt(match[1]!), bps };
  });
  if (tiers[0]?.fromMinor !== 0n) throw new Error("PLATFORM_COMMISSION_TIERS: the first tier must start at 0");
  for (let i = 1; i < tiers.length; i++) if (tiers[i]!.fromMinor <= tiers[i - 1]!.fromMinor) throw new Error("PLATFORM_COMMISSION_TIERS: tiers must be in increasing order");
  return tiers;
}

export function commissionTiers(): CommissionTier[] {
  return parseCommissionTiers(process.env.PLATFORM_COMMISSION_TIERS);
}

/** The rate for the next award, given what was awarded earlier in the month. */
export function rateFor(tiers: readonly CommissionTier[], volumeBeforeMinor: bigint): number {
  let bps = tiers[0]?.bps ?? 0;
  for (const tier of tiers) if (volumeBeforeMinor >= tier.fromMinor) bps = tier.bps;
  return bps;
}

/** Rounded down: the platform never charges a fraction of a cent more than the rate. */
export function commissionFor(awardMinor: bigint, bps: number): bigint {
  return applyBps(awardMinor, bps);
}

/**
 * Commission is computed on totals, not award by award (docs/money-rules.md, "Commission"): for a provider,
 * currency, month and rate, the commission charged so far is always the rate of the cashback that stands in
 * that group, rounded down once. An award or a credit is charged the difference it makes to that total, so
 * the fractions carry over to the next award instead of being lost on each: a million 16-cent awards at 5 %
 * are charged €8,000, not €0. Only the month's last fraction of a cent (less than one minor unit per group)
 * is left with the provider.
 */
export function carriedCommission(group: { awardMinor: bigint; commissionMinor: bigint }, changeMinor: bigint, bps: number): bigint {
  return commissionFor(group.awardMinor + changeMinor, bps) - group.commissionMinor;
}

/** First day (UTC) of the month `at` is in: the billing period. */
export function periodOf(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}
