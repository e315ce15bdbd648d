import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { basketInMinorUnits, evaluate } from "./evaluate";
import { parseRuleSet, serializeRuleSet } from "./schema";
import type { Bracket, BracketReward, Campaign, CapPeriod, Currency, Purchase, Rule, RuleSet } from "./types";

const CATEGORIES = ["shoes", "hats", "gift cards", "books"];
const SKUS = ["S-1", "S-2", "S-3", "GC-50"];
const SEGMENTS = ["vip", "new"];
const TIERS = ["gold", "silver"];
const FROM = new Date("2026-01-01T00:00:00Z").getTime();
const TO = new Date("2026-12-31T00:00:00Z").getTime();
const DAY = 86_400_000;

const amount = fc.oneof(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10n ** 12n }));
const bps = fc.integer({ min: 0, max: 10_000 });
const percentage = bps.map((b): BracketReward => ({ type: "percentage", bps: b }));
const flat = amount.map((a): BracketReward => ({ type: "flat", amountMinor: a }));

/** Contiguous brackets from a random start; the last is open or closed. */
function tiered(reward: fc.Arbitrary<BracketReward>): fc.Arbitrary<Rule> {
  return fc
    .record({
      start: fc.bigInt({ min: 0n, max: 5_000n }),
      steps: fc.array(fc.record({ width: fc.bigInt({ min: 1n, max: 100_000n }), reward }), { minLength: 1, maxLength: 4 }),
      open: fc.boolean(),
    })
    .map(({ start, steps, open }): Rule => {
      let from = start;
      const brackets: Bracket[] = steps.map(({ width, reward }, i) => {
        const bracket: Bracket = open && i === steps.length - 1 ? { fromMinor: from, reward } : { fromMinor: from, upToMinor: from + width, reward };
        from += width;
        return bracket;
      });
      return { type: "tiered", brackets };
    });
}

function ruleOf(reward: fc.Arbitrary<BracketReward>): fc.Arbitrary<Rule> {
  return fc.oneof(reward, tiered(reward));
}

const someOf = (values: string[]) => fc.option(fc.subarray(values, { minLength: 1 }), { nil: undefined });

function campaignOf(rule: fc.Arbitrary<Rule>, name: string): fc.Arbitrary<Campaign> {
  return fc
    .record({
      start: fc.integer({ min: FROM, max: TO }),
      length: fc.integer({ min: 1, max: 60 * DAY }),
      rule,
      segments: someOf(SEGMENTS),
      tiers: someOf(TIERS),
      categories: someOf(CATEGORIES),
      skus: someOf(SKUS),
    })
    .map(({ start, length, rule, segments, tiers, categories, skus }) => ({
      name,
      startsAt: new Date(start),
      endsAt: new Date(start + length),
      rule,
      ...(segments && { segments }),
      ...(tiers && { tiers }),
      ...(categories && { categories }),
      ...(skus && { skus }),
    }));
}

function ruleSetOf(reward: fc.Arbitrary<BracketReward>): fc.Arbitrary<RuleSet> {
  const rule = ruleOf(reward);
  return fc
    .record(
      {
        base: rule,
        campaigns: fc.tuple(fc.option(campaignOf(rule, "Spring"), { nil: undefined }), fc.option(campaignOf(rule, "Summer"), { nil: undefined }), fc.option(campaignOf(rule, "VIP"), { nil: undefined })),
        categoryRules: fc.subarray(CATEGORIES).chain((categories) => fc.tuple(...categories.map((category) => rule.map((r) => ({ category, rule: r }))))),
        excludedSkus: fc.subarray(SKUS, { minLength: 1 }),
        excludedCategories: fc.subarray(CATEGORIES, { minLength: 1 }),
        minBasketMinor: amount,
        perPurchaseCapMinor: amount,
        perPeriodCap: fc.record({ amountMinor: amount, period: fc.constantFrom<CapPeriod>("day", "week", "month") }),
      },
      { requiredKeys: ["base"] },
    )
    .map(({ campaigns, categoryRules, ...rest }) => {
      const present = campaigns?.filter((c): c is Campaign => c !== undefined) ?? [];
      return {
        ...rest,
        ...(present.length > 0 && { campaigns: present }),
        ...(categoryRules && categoryRules.length > 0 && { categoryRules }),
      };
    });
}

const anyRuleSet = ruleSetOf(fc.oneof(percentage, flat));
/** Percentages of at most 100% and nothing flat: a reward can then never exceed the basket it is paid on. */
const percentOnlyRuleSet = ruleSetOf(percentage);

const item = fc.record({
  sku: fc.constantFrom(...SKUS),
  category: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
  amountMinor: amount,
  quantity: fc.integer({ min: 1, max: 3 }),
});

const programCurrency = fc.constantFrom<Currency>("EUR", "PTS");

function purchaseFor(program: Currency): fc.Arbitrary<Purchase> {
  return fc.record({
    amountMinor: amount,
    currency: program === "PTS" ? fc.constantFrom<Currency>("EUR", "USD", "PTS") : fc.constant(program),
    occurredAt: fc.integer({ min: FROM, max: TO }).map((t) => new Date(t)),
    items: fc.option(fc.array(item, { maxLength: 6 }), { nil: undefined }),
    member: fc.record({ segment: fc.option(fc.constantFrom(...SEGMENTS)), tier: fc.option(fc.constantFrom(...TIERS)) }),
  });
}

const scenario = (ruleSet: fc.Arbitrary<RuleSet>) =>
  programCurrency.chain((currency) =>
    fc.record({
      ruleSet,
      purchase: purchaseFor(currency),
      context: fc.record({ currency: fc.constant(currency), earnedInPeriodMinor: fc.bigInt({ min: -10_000n, max: 10n ** 12n }) }),
    }),
  );

/** The eligible basket computed independently of the engine. */
function eligibleOf(ruleSet: RuleSet, purchase: Purchase): bigint {
  if (!purchase.items || purchase.items.length === 0) return purchase.amountMinor;
  return purchase.items
    .filter((i) => !(ruleSet.excludedSkus ?? []).includes(i.sku) && !(i.category !== undefined && i.category !== null && (ruleSet.excludedCategories ?? []).includes(i.category)))
    .reduce((sum, i) => sum + i.amountMinor, 0n);
}

describe("evaluate (properties)", () => {
  it("never pays a negative reward, and its lines and caps add up", () => {
    fc.assert(
      fc.property(scenario(anyRuleSet), ({ ruleSet, purchase, context }) => {
        const result = evaluate(ruleSet, purchase, context);
        expect(result.amountMinor >= 0n).toBe(true);
        expect(result.currency).toBe(context.currency);
        expect(result.lines.reduce((sum, l) => sum + l.rewardMinor, 0n)).toBe(result.uncappedMinor);
        expect(result.amountMinor <= result.uncappedMinor).toBe(true);
        expect(result.capped).toBe(result.amountMinor < result.uncappedMinor);
        expect(result.lines.every((l) => l.basketMinor > 0n && l.rewardMinor >= 0n)).toBe(true);
        expect(result.explanation.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("never pays more than the eligible basket when every rule is a percentage of at most 100%", () => {
    fc.assert(
      fc.property(scenario(percentOnlyRuleSet), ({ ruleSet, purchase, context }) => {
        const result = evaluate(ruleSet, purchase, context);
        // A basket in points' own unit counts in hundredths (docs/money-rules.md, "Points").
        const eligible = eligibleOf(ruleSet, basketInMinorUnits(purchase));
        expect(result.eligibleMinor).toBe(eligible);
        expect(result.amountMinor <= eligible).toBe(true);
        expect(result.lines.every((l) => l.rewardMinor <= l.basketMinor)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never pays more than any cap allows", () => {
    fc.assert(
      fc.property(scenario(anyRuleSet), ({ ruleSet, purchase, context }) => {
        const { amountMinor } = evaluate(ruleSet, purchase, context);
        if (ruleSet.perPurchaseCapMinor !== undefined) expect(amountMinor <= ruleSet.perPurchaseCapMinor).toBe(true);
        if (ruleSet.perPeriodCap) {
          const earned = context.earnedInPeriodMinor > 0n ? context.earnedInPeriodMinor : 0n;
          const room = ruleSet.perPeriodCap.amountMinor - earned;
          expect(amountMinor <= (room > 0n ? room : 0n)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic and leaves its inputs untouched", () => {
    fc.assert(
      fc.property(scenario(anyRuleSet), ({ ruleSet, purchase, context }) => {
        const before = JSON.stringify(serializeRuleSet(ruleSet));
        const first = evaluate(ruleSet, purchase, context);
        const second = evaluate(ruleSet, purchase, context);
        expect(second).toEqual(first);
        expect(JSON.stringify(serializeRuleSet(ruleSet))).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it("never pays less when the base percentage goes up", () => {
    fc.assert(
      fc.property(scenario(anyRuleSet), bps, bps, ({ ruleSet, purchase, context }, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lower = evaluate({ ...ruleSet, base: { type: "percentage", bps: low } }, purchase, context);
        const higher = evaluate({ ...ruleSet, base: { type: "percentage", bps: high } }, purchase, context);
        expect(lower.amountMinor <= higher.amountMinor).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("pays nothing when a money program gets another currency", () => {
    fc.assert(
      fc.property(anyRuleSet, purchaseFor("USD"), fc.constantFrom<Currency>("EUR", "GBP", "CAD"), (ruleSet, purchase, currency) => {
        const result = evaluate(ruleSet, purchase, { currency, earnedInPeriodMinor: 0n });
        expect(result.amountMinor).toBe(0n);
        expect(result.reasons).toEqual(["currency mismatch"]);
      }),
      { numRuns: 100 },
    );
  });

  it("round-trips every valid rule set through its stored JSON form", () => {
    fc.assert(
      fc.property(anyRuleSet, (ruleSet) => {
        const stored: unknown = JSON.parse(JSON.stringify(serializeRuleSet(ruleSet)));
        expect(parseRuleSet(stored)).toEqual({ ok: true, ruleSet });
      }),
      { numRuns: 300 },
    );
  });
});
