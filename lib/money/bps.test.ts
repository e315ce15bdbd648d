import { describe, expect, it } from "vitest";
import { applyBps, BPS_PER_WHOLE, formatBps, isBps } from "./bps";

describe("formatBps", () => {
  it.each([
    [0, "0%"],
    [1, "0.01%"],
    [5, "0.05%"],
    [10, "0.1%"],
    [250, "2.5%"],
    [333, "3.33%"],
    [500, "5%"],
    [1234, "12.34%"],
    [9999, "99.99%"],
    [10_000, "100%"],
  ])("%i bps → %s", (bps, text) => {
    expect(formatBps(bps)).toBe(text);
  });

  // 0.07 * 100 is 7.000000000000001 in floats: the formatter must not go through that.
  it("shows rates that floats cannot hold exactly", () => {
    expect(formatBps(7)).toBe("0.07%");
    expect(formatBps(29)).toBe("0.29%");
    expect(formatBps(57)).toBe("0.57%");
  });

  it("follows the locale", () => {
    expect(formatBps(250, "de-DE")).toBe("2,5\u00a0%");
  });
});

describe("applyBps", () => {
  it("rounds down to a whole minor unit", () => {
    expect(applyBps(999n, 500)).toBe(49n);
    expect(applyBps(4210n, 100)).toBe(42n);
    expect(applyBps(1n, 9_999)).toBe(0n);
  });

  it("is exact at 100% and beyond 2^53", () => {
    expect(applyBps(123n, Number(BPS_PER_WHOLE))).toBe(123n);
    expect(applyBps(10n ** 20n, 1)).toBe(10n ** 16n);
  });
});

describe("isBps", () => {
  it("accepts whole numbers from 0 to 100%", () => {
    expect([0, 1, 10_000].map(isBps)).toEqual([true, true, true]);
    expect([-1, 10_001, 2.5, Number.NaN].map(isBps)).toEqual([false, false, false, false]);
  });
});
