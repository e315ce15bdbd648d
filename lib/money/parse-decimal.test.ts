import { describe, expect, it } from "vitest";
import { decimalToMinor, tryDecimalToMinor } from "./parse-decimal";

describe("decimalToMinor", () => {
  it("converts decimal strings to minor units without floating point", () => {
    expect(decimalToMinor("42.10", "EUR")).toBe(4210n);
    expect(decimalToMinor("42.1", "USD")).toBe(4210n);
    expect(decimalToMinor("42", "GBP")).toBe(4200n);
    expect(decimalToMinor("0.01", "CAD")).toBe(1n);
    expect(decimalToMinor("0", "EUR")).toBe(0n);
    expect(decimalToMinor("0.00", "EUR")).toBe(0n);
    expect(decimalToMinor("19.99", "EUR")).toBe(1999n); // 19.99 * 100 is 1998.9999999999998 in floats
    expect(decimalToMinor("42.100", "EUR")).toBe(4210n);
    expect(decimalToMinor("123456789012345678901234567890.12", "EUR")).toBe(12345678901234567890123456789012n);
  });

  it("uses no decimals for points", () => {
    expect(decimalToMinor("42", "PTS")).toBe(42n);
    expect(decimalToMinor("42.0", "PTS")).toBe(42n);
    expect(() => decimalToMinor("42.5", "PTS")).toThrow(RangeError);
  });

  it.each(["4.999", "-1", "-0", "+1", "1e3", "", "abc", " 1", "1 ", "1,50", "1.", ".5", "01", "0x10", "١٢", "1_000", "Infinity", "NaN"])(
    "refuses %j",
    (value) => {
      expect(() => decimalToMinor(value, "EUR")).toThrow(RangeError);
      expect(tryDecimalToMinor(value, "EUR")).toBeNull();
    },
  );
});
