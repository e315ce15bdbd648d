import { describe, expect, it } from "vitest";
import { formatTick, wholeUnitTicks } from "./chart-ticks";

describe("the daily cashback chart's axis", () => {
  it("ticks at whole currency units only, never cents or fractions, covering the largest day", () => {
    expect(wholeUnitTicks(64n, "EUR")).toEqual([0n, 100n]);
    expect(wholeUnitTicks(1_234n, "EUR")).toEqual([0n, 500n, 1_000n, 1_500n]);
    expect(wholeUnitTicks(10_000n, "EUR")).toEqual([0n, 5_000n, 10_000n]);
    expect(wholeUnitTicks(0n, "USD")).toEqual([0n, 100n]);
    expect(wholeUnitTicks(730n, "PTS")).toEqual([0n, 200n, 400n, 600n, 800n]);
    for (const max of [1n, 99n, 101n, 777n, 123_456n, 9_999_999n]) {
      const ticks = wholeUnitTicks(max, "EUR");
      expect(ticks.every((t) => t % 100n === 0n)).toBe(true);
      expect(ticks.at(-1)! >= max).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
  });

  it("labels ticks in the currency without decimals", () => {
    expect(formatTick(0n, "EUR")).toBe("€0");
    expect(formatTick(150_000n, "EUR")).toBe("€1,500");
    expect(formatTick(500n, "GBP")).toBe("£5");
    expect(formatTick(800n, "PTS")).toBe("800 pts");
  });
});
