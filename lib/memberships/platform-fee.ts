import { bpsToPercent, isBps } from "@/lib/money/bps";

/** The platform's application fee on membership charges when PLATFORM_MEMBERSHIP_FEE_BPS is not set: 10 %. */
export const DEFAULT_PLATFORM_MEMBERSHIP_FEE_BPS = 1000;

/** PLATFORM_MEMBERSHIP_FEE_BPS: whole basis points from 0 to 10000; anything else is a configuration error. */
export function platformMembershipFeeBps(value = process.env.PLATFORM_MEMBERSHIP_FEE_BPS): number {
  if (value === undefined || value.trim() === "") return DEFAULT_PLATFORM_MEMBERSHIP_FEE_BPS;
  const bps = /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!isBps(bps)) throw new Error(`PLATFORM_MEMBERSHIP_FEE_BPS must be a whole number of basis points from 0 to 10000 (1000 = 10 %), not "${value}"`);
  return bps;
}

/** The fee as Stripe's application_fee_percent (1000 bps → 10). */
export function platformMembershipFeePercent(): number {
  return bpsToPercent(platformMembershipFeeBps());
}
