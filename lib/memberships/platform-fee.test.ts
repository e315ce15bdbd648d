import { describe, expect, it } from "vitest";
import { bpsToPercent } from "@/lib/money/bps";
import { DEFAULT_PLATFORM_MEMBERSHIP_FEE_BPS, platformMembershipFeeBps } from "./platform-fee";

describe("PLATFORM_MEMBERSHIP_FEE_BPS", () => {
  it("defaults to 10 % and takes whole basis points from 0 to 10000", () => {
    expect(platformMembershipFeeBps(undefined)).toBe(DEFAULT_PLATFORM_MEMBERSHIP_FEE_BPS);
    expect(platformMembershipFeeBps(" ")).toBe(1000);
    expect(platformMembershipFeeBps("0")).toBe(0);
    expect(platformMembershipFeeBps("250")).toBe(250);
    for (const bad of ["10001", "-1", "2.5", "10%", "abc"]) expect(() => platformMembershipFeeBps(bad)).toThrow(/PLATFORM_MEMBERSHIP_FEE_BPS/);
  });

  it("turns basis points into Stripe's application_fee_percent exactly", () => {
    expect([1000, 250, 1, 0, 10_000, 1234].map(bpsToPercent)).toEqual([10, 2.5, 0.01, 0, 100, 12.34]);
    expect(() => bpsToPercent(10_001)).toThrow(RangeError);
  });
});
