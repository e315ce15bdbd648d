import { describe, expect, it } from "vitest";
import { DEFAULT_RULE_SET, parsePurchase, parseRuleSet, percentageRuleSet, serializeRuleSet } from "./schema";
import type { RuleSet } from "./types";

const FULL = {
  base: { type: "percentage", bps: 500 },
  campaigns: [
    {
      name: "Spring",
      startsAt: "2026-03-01T00:00:00Z",
      endsAt: "2026-04-01T00:00:00+02:00",
      rule: {
        type: "tiered",
        brackets: [
          { fromMinor: 0, upToMinor: "2000", reward: { type: "flat", amountMinor: 50 } },
          { fromMinor: "2000", reward: { type: "percentage", bps: 1000 } },
        ],
      },
      segments: ["vip"],
      tiers: ["gold"],
      categories: ["shoes"],
      skus: ["SKU-1"],
    },
  ],
  excludedSkus: ["GC-50"],
  excludedCategories: ["gift cards"],
  categoryRules: [{ category: "books", rule: { type: "flat", amountMinor: "100" } }],
  minBasketMinor: 500,
  perPurchaseCapMinor: "99999999999999999999",
  perPeriodCap: { amountMinor: 2000, period: "month" },
};

function expectError(json: unknown, field: string | undefined, message?: RegExp) {
  const result = parseRuleSet(json);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.field).toBe(field);
  if (field) expect(result.error.message.startsWith(`${field}: `)).toBe(true);
  if (message) expect(result.error.message).toMatch(message);
}

describe("parseRuleSet accepts", () => {
  it("the smallest rule set", () => {
    expect(parseRuleSet({ base: { type: "percentage", bps: 100 } })).toEqual({ ok: true, ruleSet: { base: { type: "percentage", bps: 100 } } });
  });

  it("a full rule set, turning amounts into bigints and dates into Dates", () => {
    const result = parseRuleSet(FULL);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { ruleSet } = result;
    expect(ruleSet.minBasketMinor).toBe(500n);
    expect(ruleSet.perPurchaseCapMinor).toBe(99_999_999_999_999_999_999n);
    expect(ruleSet.perPeriodCap).toEqual({ amountMinor: 2000n, period: "month" });
    expect(ruleSet.categoryRules?.[0]?.rule).toEqual({ type: "flat", amountMinor: 100n });
    const campaign = ruleSet.campaigns?.[0];
    expect(campaign?.startsAt).toEqual(new Date("2026-03-01T00:00:00Z"));
    expect(campaign?.endsAt).toEqual(new Date("2026-03-31T22:00:00Z"));
    expect(campaign?.rule).toEqual({
      type: "tiered",
      brackets: [
        { fromMinor: 0n, upToMinor: 2000n, reward: { type: "flat", amountMinor: 50n } },
        { fromMinor: 2000n, reward: { type: "percentage", bps: 1000 } },
      ],
    });
  });

  it.each([
    [0, 0n],
    ["0", 0n],
    [Number.MAX_SAFE_INTEGER, 9_007_199_254_740_991n],
    ["123456789012345678901234567890", 123_456_789_012_345_678_901_234_567_890n],
    [7n, 7n],
  ])("amount %s", (amountMinor, expected) => {
    const result = parseRuleSet({ base: { type: "flat", amountMinor } });
    expect(result.ok && result.ruleSet.base).toEqual({ type: "flat", amountMinor: expected });
  });

  it("Date objects for in-memory rule sets", () => {
    const startsAt = new Date("2026-03-01T00:00:00Z");
    const endsAt = new Date("2026-04-01T00:00:00Z");
    const result = parseRuleSet({ base: { type: "flat", amountMinor: 1 }, campaigns: [{ name: "x", startsAt, endsAt, rule: { type: "flat", amountMinor: 2 } }] });
    expect(result.ok && result.ruleSet.campaigns?.[0]?.startsAt).toEqual(startsAt);
  });
});

describe("parseRuleSet refuses, naming the field", () => {
  it.each([
    { name: "a float", amount: 1.5 },
    { name: "a decimal string", amount: "1.50" },
    { name: "a negative integer", amount: -1 },
    { name: "a negative string", amount: "-1" },
    { name: "an exponent", amount: "1e3" },
    { name: "a plus sign", amount: "+5" },
    { name: "leading zeros", amount: "007" },
    { name: "an empty string", amount: "" },
    { name: "an unsafe integer", amount: 2 ** 53 },
    { name: "a negative bigint", amount: -1n },
    { name: "a boolean", amount: true },
    { name: "null", amount: null },
    { name: "31 digits", amount: "1".repeat(31) },
  ])("$name as an amount", ({ amount }) => {
    expectError({ base: { type: "flat", amountMinor: amount } }, "base.amountMinor", /whole, non-negative amount in minor units/);
  });

  it.each([
    { bps: 10_001, message: /between 0 and 10000/ },
    { bps: -1, message: /between 0 and 10000/ },
    { bps: 1.5, message: /whole number/ },
    { bps: "100", message: /basis points/ },
  ])("bps $bps", ({ bps, message }) => {
    expectError({ base: { type: "percentage", bps } }, "base.bps", message);
  });

  it.each([
    { name: "a missing base", json: {}, field: "base", message: /^base: Required$/ },
    { name: "an unknown rule type", json: { base: { type: "bogus" } }, field: "base.type", message: /"flat", "percentage" or "tiered"/ },
    { name: "a missing amount", json: { base: { type: "flat" } }, field: "base.amountMinor", message: /Required/ },
    { name: "an unknown key", json: { base: { type: "flat", amountMinor: 1 }, excludedSku: ["x"] }, field: "excludedSku", message: /Unrecognized key/ },
    { name: "an unknown key in a rule", json: { base: { type: "percentage", bps: 1, cap: 5 } }, field: "base.cap" },
    { name: "a bad cap period", json: { base: { type: "flat", amountMinor: 1 }, perPeriodCap: { amountMinor: 1, period: "year" } }, field: "perPeriodCap.period", message: /"day", "week" or "month"/ },
    { name: "an empty exclusion list", json: { base: { type: "flat", amountMinor: 1 }, excludedSkus: [] }, field: "excludedSkus", message: /at least one/ },
    { name: "a blank category", json: { base: { type: "flat", amountMinor: 1 }, excludedCategories: ["  "] }, field: "excludedCategories.0" },
    {
      name: "two rules for one category",
      json: { base: { type: "flat", amountMinor: 1 }, categoryRules: [{ category: "a", rule: { type: "flat", amountMinor: 1 } }, { category: "a", rule: { type: "flat", amountMinor: 2 } }] },
      field: "categoryRules.1.category",
      message: /already has a rule/,
    },
    { name: "not an object", json: "5%", field: undefined },
    { name: "null", json: null, field: undefined },
  ])("$name", ({ json, field, message }) => {
    expectError(json, field, message);
  });

  const tiered = (brackets: unknown[]) => ({ base: { type: "tiered", brackets } });
  const reward = { type: "flat", amountMinor: 1 };
  it.each([
    { name: "no brackets", brackets: [], field: "base.brackets", message: /at least one bracket/ },
    { name: "an open bracket before the last", brackets: [{ fromMinor: 0, reward }, { fromMinor: 10, reward }], field: "base.brackets.0.upToMinor", message: /Only the last/ },
    { name: "an empty bracket", brackets: [{ fromMinor: 10, upToMinor: 10, reward }], field: "base.brackets.0.upToMinor", message: /greater than fromMinor/ },
    { name: "a gap", brackets: [{ fromMinor: 0, upToMinor: 10, reward }, { fromMinor: 11, reward }], field: "base.brackets.1.fromMinor", message: /previous bracket's upToMinor \(10\)/ },
    { name: "an overlap", brackets: [{ fromMinor: 0, upToMinor: 10, reward }, { fromMinor: 5, reward }], field: "base.brackets.1.fromMinor" },
    { name: "a nested ladder", brackets: [{ fromMinor: 0, reward: { type: "tiered", brackets: [] } }], field: "base.brackets.0.reward.type", message: /"flat" or "percentage"/ },
  ])("a ladder with $name", ({ brackets, field, message }) => {
    expectError(tiered(brackets), field, message);
  });

  const withCampaign = (campaign: Record<string, unknown>) => ({
    base: { type: "flat", amountMinor: 1 },
    campaigns: [{ name: "Spring", startsAt: "2026-03-01T00:00:00Z", endsAt: "2026-04-01T00:00:00Z", rule: { type: "flat", amountMinor: 1 }, ...campaign }],
  });
  it.each([
    { name: "an end before its start", campaign: { endsAt: "2026-02-01T00:00:00Z" }, field: "campaigns.0.endsAt", message: /after startsAt/ },
    { name: "an end equal to its start", campaign: { endsAt: "2026-03-01T00:00:00Z" }, field: "campaigns.0.endsAt" },
    { name: "a date without a zone", campaign: { startsAt: "2026-03-01T00:00:00" }, field: "campaigns.0.startsAt", message: /ISO date-time with a time zone/ },
    { name: "a date only", campaign: { startsAt: "2026-03-01" }, field: "campaigns.0.startsAt" },
    { name: "a timestamp number", campaign: { startsAt: 1_772_323_200_000 }, field: "campaigns.0.startsAt" },
    { name: "no name", campaign: { name: "" }, field: "campaigns.0.name", message: /empty/ },
    { name: "no rule", campaign: { rule: undefined }, field: "campaigns.0.rule", message: /Required/ },
    { name: "an empty segment list", campaign: { segments: [] }, field: "campaigns.0.segments" },
  ])("a campaign with $name", ({ campaign, field, message }) => {
    expectError(withCampaign(campaign), field, message);
  });

  it("two campaigns with one name", () => {
    const json = withCampaign({});
    expectError({ ...json, campaigns: [...json.campaigns, ...json.campaigns] }, "campaigns.1.name", /already named "Spring"/);
  });
});

describe("serializeRuleSet", () => {
  it("is JSON-safe and parses back to the same rule set", () => {
    const parsed = parseRuleSet(FULL);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const json: unknown = JSON.parse(JSON.stringify(serializeRuleSet(parsed.ruleSet)));
    expect(json).toMatchObject({ perPurchaseCapMinor: "99999999999999999999", campaigns: [{ endsAt: "2026-03-31T22:00:00.000Z" }] });
    expect(parseRuleSet(json)).toEqual({ ok: true, ruleSet: parsed.ruleSet });
  });

  it("leaves absent options out", () => {
    expect(serializeRuleSet({ base: { type: "flat", amountMinor: 5n } })).toEqual({ base: { type: "flat", amountMinor: "5" } });
  });
});

describe("percentageRuleSet", () => {
  it("builds a base-only rule set", () => {
    const ruleSet: RuleSet = { base: { type: "percentage", bps: 250 } };
    expect(percentageRuleSet(250)).toEqual(ruleSet);
    expect(DEFAULT_RULE_SET).toEqual({ base: { type: "percentage", bps: 0 } });
  });

  it.each([-1, 10_001, 2.5, Number.NaN])("refuses %s bps", (bps) => {
    expect(() => percentageRuleSet(bps)).toThrow(RangeError);
  });
});

describe("parsePurchase", () => {
  it("accepts a webhook-shaped purchase", () => {
    const result = parsePurchase({
      amountMinor: "4210",
      currency: "EUR",
      occurredAt: "2026-03-15T12:00:00Z",
      items: [{ sku: "A", category: null, amountMinor: 4210, quantity: 2 }],
      member: { segment: "vip", tier: null },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        amountMinor: 4210n,
        currency: "EUR",
        occurredAt: new Date("2026-03-15T12:00:00Z"),
        items: [{ sku: "A", category: null, amountMinor: 4210n, quantity: 2 }],
        member: { segment: "vip", tier: null },
      },
    });
  });

  it.each([
    { json: { amountMinor: "-1", currency: "EUR", occurredAt: "2026-03-15T12:00:00Z", member: {} }, field: "amountMinor" },
    { json: { amountMinor: "1", currency: "JPY", occurredAt: "2026-03-15T12:00:00Z", member: {} }, field: "currency" },
    { json: { amountMinor: "1", currency: "EUR", occurredAt: "yesterday", member: {} }, field: "occurredAt" },
    { json: { amountMinor: "1", currency: "EUR", occurredAt: "2026-03-15T12:00:00Z", member: {}, items: [{ sku: "A", amountMinor: 1, quantity: 0 }] }, field: "items.0.quantity" },
    { json: { amountMinor: "1", currency: "EUR", occurredAt: "2026-03-15T12:00:00Z" }, field: "member" },
  ])("refuses a bad $field", ({ json, field }) => {
    const result = parsePurchase(json);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.field).toBe(field);
  });
});
