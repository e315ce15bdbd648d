import { describe, it, expect } from "vitest";
import { CURRENCIES, minorUnitDigits } from "./currency";
import { formatMoney, minorToDecimalString, toMinorUnits } from "./format";

describe("formatMoney", () => {
  it("formats zero", () => {
    expect(formatMoney(0n, "EUR")).toBe("€0.00");
    expect(formatMoney(0n, "PTS")).toBe("0 pts");
  });

  it("formats one minor unit", () => {
    expect(formatMoney(1n, "EUR")).toBe("€0.01");
    expect(formatMoney(-1n, "EUR")).toBe("-€0.01");
    expect(formatMoney(1n, "PTS")).toBe("1 pt");
  });

  it("formats negatives", () => {
    expect(formatMoney(-123456n, "EUR")).toBe("-€1,234.56");
    expect(formatMoney(-5n, "GBP")).toBe("-£0.05");
    expect(formatMoney(-1250n, "PTS")).toBe("-1,250 pts");
  });

  it("formats each currency", () => {
    expect(formatMoney(123456n, "EUR")).toBe("€1,234.56");
    expect(formatMoney(123456n, "USD")).toBe("US$1,234.56");
    expect(formatMoney(123456n, "GBP")).toBe("£1,234.56");
    expect(formatMoney(123456n, "CAD")).toBe("CA$1,234.56");
    expect(formatMoney(1250n, "PTS")).toBe("1,250 pts");
  });

  it("keeps values beyond 2^53 exact", () => {
    expect(formatMoney(123456789012345678901n, "EUR")).toBe("€1,234,567,890,123,456,789.01");
    expect(formatMoney(-123456789012345678901n, "USD")).toBe("-US$1,234,567,890,123,456,789.01");
    expect(formatMoney(123456789012345678901n, "PTS")).toBe("123,456,789,012,345,678,901 pts");
    expect(formatMoney(2n ** 53n + 1n, "GBP")).toBe("£90,071,992,547,409.93");
  });

  it("respects the locale", () => {
    expect(formatMoney(123456n, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
  });

  it("can always show the sign for ledger lines", () => {
    expect(formatMoney(500n, "EUR", "en-GB", { signDisplay: "always" })).toBe("+€5.00");
    expect(formatMoney(0n, "EUR", "en-GB", { signDisplay: "exceptZero" })).toBe("€0.00");
    expect(formatMoney(-500n, "EUR", "en-GB", { signDisplay: "always" })).toBe("-€5.00");
    expect(formatMoney(40n, "PTS", "en-GB", { signDisplay: "always" })).toBe("+40 pts");
  });
});

describe("minorToDecimalString", () => {
  it("pads small amounts", () => {
    expect(minorToDecimalString(0n, 2)).toBe("0.00");
    expect(minorToDecimalString(7n, 2)).toBe("0.07");
    expect(minorToDecimalString(-7n, 2)).toBe("-0.07");
    expect(minorToDecimalString(100n, 2)).toBe("1.00");
    expect(minorToDecimalString(42n, 0)).toBe("42");
  });
});

describe("toMinorUnits", () => {
  it("accepts integers in any representation", () => {
    expect(toMinorUnits(12n)).toBe(12n);
    expect(toMinorUnits(12)).toBe(12n);
    expect(toMinorUnits("-12")).toBe(-12n);
    expect(toMinorUnits("123456789012345678901")).toBe(123456789012345678901n);
  });

  it("rejects non-integers", () => {
    expect(() => toMinorUnits(1.5)).toThrow(RangeError);
    expect(() => toMinorUnits(2 ** 53)).toThrow(RangeError);
    expect(() => toMinorUnits("1.50")).toThrow(RangeError);
    expect(() => toMinorUnits("")).toThrow(RangeError);
  });
});

describe("minorUnitDigits", () => {
  it("covers every currency", () => {
    expect(CURRENCIES.map(minorUnitDigits)).toEqual([2, 2, 2, 2, 0]);
  });
});
