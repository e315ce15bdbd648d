import { describe, expect, it } from "vitest";
import { parseAmountInput } from "./parse-amount";

describe("parseAmountInput", () => {
  it("reads what a cashier types into minor units", () => {
    expect(parseAmountInput("12.50", "EUR")).toBe(1250n);
    expect(parseAmountInput("12,5", "EUR")).toBe(1250n);
    expect(parseAmountInput("12", "EUR")).toBe(1200n);
    expect(parseAmountInput(" € 0.07 ", "EUR")).toBe(7n);
    expect(parseAmountInput(".5", "USD")).toBe(50n);
    expect(parseAmountInput("120", "PTS")).toBe(120n);
    // Exact beyond float precision.
    expect(parseAmountInput("999999999999.99", "EUR")).toBe(99999999999999n);
  });

  it("refuses anything ambiguous or impossible", () => {
    for (const bad of ["", ".", "-1", "1.234", "1,234.50", "12.5.0", "abc", "1e3", "1.5", "0x10", "1234567890123"]) {
      expect(parseAmountInput(bad, bad === "1.5" ? "PTS" : "EUR"), bad).toBeNull();
    }
  });
});
