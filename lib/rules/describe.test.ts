import { describe, expect, it } from "vitest";
import { describeRuleSet } from "./describe";
import type { RuleSet } from "./types";

const march = { startsAt: new Date("2026-03-01T00:00:00Z"), endsAt: new Date("2026-04-01T00:00:00Z") };

describe("describeRuleSet", () => {
  it.each<{ name: string; ruleSet: RuleSet; currency: "EUR" | "PTS"; text: string }>([
    {
      name: "a percentage with a campaign",
      ruleSet: { base: { type: "percentage", bps: 500 }, campaigns: [{ name: "Spring", rule: { type: "percentage", bps: 1000 }, ...march }] },
      currency: "EUR",
      text: "5% back · Spring: 10% (1\u2009–\u200931 Mar)",
    },
    {
      name: "a flat amount",
      ruleSet: { base: { type: "flat", amountMinor: 100n } },
      currency: "EUR",
      text: "€1.00 back per purchase",
    },
    {
      name: "a points ladder",
      ruleSet: {
        base: {
          type: "tiered",
          brackets: [
            { fromMinor: 0n, upToMinor: 2000n, reward: { type: "flat", amountMinor: 50n } },
            { fromMinor: 2000n, reward: { type: "flat", amountMinor: 200n } },
          ],
        },
      },
      currency: "PTS",
      text: "50 pts under 20.00, 200 pts from 20.00",
    },
    {
      name: "every option",
      ruleSet: {
        base: { type: "percentage", bps: 150 },
        categoryRules: [{ category: "shoes", rule: { type: "percentage", bps: 1000 } }],
        campaigns: [
          {
            name: "New Year",
            rule: { type: "flat", amountMinor: 500n },
            startsAt: new Date("2025-12-20T00:00:00Z"),
            endsAt: new Date("2026-01-06T00:00:00Z"),
            categories: ["hats"],
            skus: ["SKU-1"],
            tiers: ["gold", "silver"],
            segments: ["vip"],
          },
        ],
        excludedCategories: ["gift cards"],
        excludedSkus: ["GC-50"],
        minBasketMinor: 500n,
        perPurchaseCapMinor: 1000n,
        perPeriodCap: { amountMinor: 5000n, period: "month" },
      },
      currency: "EUR",
      text:
        "1.5% back · shoes: 10% · New Year: €5.00 per purchase on hats, SKU-1 for tier gold or silver, segment vip (20 Dec 2025\u2009–\u20095 Jan 2026)" +
        " · nothing on gift cards, GC-50 · min. basket €5.00 · max €10.00 per purchase · max €50.00 per month",
    },
  ])("$name", ({ ruleSet, currency, text }) => {
    expect(describeRuleSet(ruleSet, currency)).toBe(text);
  });

  it("formats a points program's thresholds in the basket currency when told", () => {
    const ruleSet: RuleSet = { base: { type: "percentage", bps: 100 }, minBasketMinor: 500n };
    expect(describeRuleSet(ruleSet, "PTS", { basketCurrency: "GBP" })).toBe("1% back · min. basket £5.00");
  });

  it("shows campaign days in the program's time zone", () => {
    const ruleSet: RuleSet = {
      base: { type: "percentage", bps: 0 },
      campaigns: [{ name: "Day", rule: { type: "percentage", bps: 100 }, startsAt: new Date("2026-03-01T23:00:00Z"), endsAt: new Date("2026-03-02T23:00:00Z") }],
    };
    expect(describeRuleSet(ruleSet, "EUR", { timeZone: "Europe/Paris" })).toBe("0% back · Day: 1% (2 Mar)");
  });
});
