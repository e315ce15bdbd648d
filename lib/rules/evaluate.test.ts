import { describe, expect, it } from "vitest";
import { evaluate, percentOf } from "./evaluate";
import type { Campaign, Currency, EvaluationContext, Purchase, PurchaseItem, Rule, RuleSet } from "./types";

const AT = new Date("2026-03-15T12:00:00Z");

function purchase(amountMinor: bigint, extra: Partial<Purchase> = {}): Purchase {
  return { amountMinor, currency: "EUR", occurredAt: AT, member: {}, ...extra };
}

function item(sku: string, amountMinor: bigint, category?: string, quantity = 1): PurchaseItem {
  return { sku, amountMinor, quantity, ...(category !== undefined && { category }) };
}

function ctx(currency: Currency = "EUR", earnedInPeriodMinor = 0n): EvaluationContext {
  return { currency, earnedInPeriodMinor };
}

const pct = (bps: number): Rule => ({ type: "percentage", bps });
const flat = (amountMinor: bigint): Rule => ({ type: "flat", amountMinor });

function campaign(name: string, rule: Rule, extra: Partial<Campaign> = {}): Campaign {
  return { name, rule, startsAt: new Date("2026-03-01T00:00:00Z"), endsAt: new Date("2026-04-01T00:00:00Z"), ...extra };
}

describe("rounding: integer minor units, floored per line, then summed, then capped", () => {
  it.each([
    { bps: 1, basket: 99n, reward: 0n, why: "1 bps of 99 cents is 0.0099 cents" },
    { bps: 100, basket: 4210n, reward: 42n, why: "1% of €42.10 is 42.1 cents" },
    { bps: 150, basket: 999n, reward: 14n, why: "1.5% of €9.99 is 14.985 cents, never rounded up" },
    { bps: 3333, basket: 1n, reward: 0n, why: "a third of one cent" },
    { bps: 10_000, basket: 999n, reward: 999n, why: "100% is exact" },
    { bps: 0, basket: 999n, reward: 0n, why: "0%" },
    { bps: 1, basket: 10_000n, reward: 1n, why: "1 bps of €100.00 is exactly one cent" },
  ])("$bps bps of $basket → $reward ($why)", ({ bps, basket, reward }) => {
    expect(percentOf(basket, bps)).toBe(reward);
    expect(evaluate({ base: pct(bps) }, purchase(basket), ctx()).amountMinor).toBe(reward);
  });

  it("stays exact far beyond 2^53", () => {
    const basket = 2n ** 70n + 12_345n;
    expect(evaluate({ base: pct(1) }, purchase(basket), ctx()).amountMinor).toBe((basket * 1n) / 10_000n);
  });

  it("floors each line before summing, so two half cents make nothing", () => {
    const ruleSet: RuleSet = { base: pct(50), categoryRules: [{ category: "shoes", rule: pct(50) }] };
    const result = evaluate(ruleSet, purchase(200n, { items: [item("a", 100n, "shoes"), item("b", 100n)] }), ctx());
    expect(result.lines.map((l) => l.rewardMinor)).toEqual([0n, 0n]);
    expect(result.amountMinor).toBe(0n);
    // The same basket unsplit earns one cent.
    expect(evaluate(ruleSet, purchase(200n), ctx()).amountMinor).toBe(1n);
  });
});

describe("flat rules", () => {
  it.each([1n, 999n, 1_000_000n])("pays the same on a basket of %s", (basket) => {
    const result = evaluate({ base: flat(100n) }, purchase(basket), ctx());
    expect(result.amountMinor).toBe(100n);
    expect(result.explanation).toBe("€1.00 flat");
  });

  it("pays nothing on an empty basket", () => {
    const result = evaluate({ base: flat(100n) }, purchase(0n), ctx());
    expect(result.amountMinor).toBe(0n);
    expect(result.reasons).toEqual(["the basket is empty"]);
  });

  it("pays once per line, not once per item", () => {
    const ruleSet: RuleSet = { base: flat(100n), categoryRules: [{ category: "shoes", rule: flat(50n) }] };
    const items = [item("a", 1000n, "shoes"), item("b", 1000n, "shoes"), item("c", 500n), item("d", 500n)];
    const result = evaluate(ruleSet, purchase(3000n, { items }), ctx());
    expect(result.lines.map((l) => [l.label, l.basketMinor, l.rewardMinor])).toEqual([
      ["category shoes", 2000n, 50n],
      ["basket", 1000n, 100n],
    ]);
    expect(result.amountMinor).toBe(150n);
  });
});

describe("tiered brackets: [fromMinor, upToMinor), one bracket pays for the whole basket", () => {
  // "50 PTS up to €20, 200 PTS above", in a points program.
  const ladder: RuleSet = {
    base: {
      type: "tiered",
      brackets: [
        { fromMinor: 0n, upToMinor: 2000n, reward: { type: "flat", amountMinor: 50n } },
        { fromMinor: 2000n, reward: { type: "flat", amountMinor: 200n } },
      ],
    },
  };
  it.each([
    { basket: 1n, reward: 50n },
    { basket: 1999n, reward: 50n },
    { basket: 2000n, reward: 200n },
    { basket: 2001n, reward: 200n },
    { basket: 10_000_000n, reward: 200n },
  ])("€ basket $basket → $reward pts", ({ basket, reward }) => {
    expect(evaluate(ladder, purchase(basket), ctx("PTS")).amountMinor).toBe(reward);
  });

  it("explains the bracket", () => {
    expect(evaluate(ladder, purchase(1999n), ctx("PTS")).explanation).toBe("50 pts for €19.99 (under €20.00)");
    expect(evaluate(ladder, purchase(2000n), ctx("PTS")).explanation).toBe("200 pts for €20.00 (from €20.00)");
    expect(evaluate(ladder, purchase(2000n), ctx("PTS")).lines[0]?.bracket).toEqual(ladder.base.type === "tiered" ? ladder.base.brackets[1] : null);
  });

  const closed: RuleSet = {
    base: {
      type: "tiered",
      brackets: [
        { fromMinor: 1000n, upToMinor: 5000n, reward: { type: "percentage", bps: 100 } },
        { fromMinor: 5000n, upToMinor: 10_000n, reward: { type: "percentage", bps: 200 } },
      ],
    },
  };
  it.each([
    { basket: 999n, reward: 0n },
    { basket: 1000n, reward: 10n },
    { basket: 4999n, reward: 49n },
    { basket: 5000n, reward: 100n },
    { basket: 9999n, reward: 199n },
    { basket: 10_000n, reward: 0n },
  ])("closed ladder: basket $basket → $reward", ({ basket, reward }) => {
    expect(evaluate(closed, purchase(basket), ctx()).amountMinor).toBe(reward);
  });

  it("says why a basket outside every bracket earns nothing", () => {
    expect(evaluate(closed, purchase(999n), ctx()).reasons).toEqual(["basket €9.99 is under the first bracket (from €10.00)"]);
    expect(evaluate(closed, purchase(10_000n), ctx()).reasons).toEqual(["basket €100.00 is above the last bracket (under €100.00)"]);
    expect(evaluate(closed, purchase(5000n), ctx()).explanation).toBe("2% of €50.00 (from €50.00 to under €100.00)");
  });

  it("picks the bracket from the line's total, not from each item", () => {
    const items = [item("a", 1500n), item("b", 1500n)];
    expect(evaluate(ladder, purchase(3000n, { items }), ctx("PTS")).amountMinor).toBe(200n);
  });
});

describe("caps", () => {
  const tenPercent = (extra: Partial<RuleSet> = {}): RuleSet => ({ base: pct(1000), ...extra });

  it.each([
    { cap: 500n, amount: 500n, capped: true },
    { cap: 1000n, amount: 1000n, capped: false },
    { cap: 1001n, amount: 1000n, capped: false },
    { cap: 0n, amount: 0n, capped: true },
  ])("per purchase cap $cap on a €10.00 reward → $amount", ({ cap, amount, capped }) => {
    const result = evaluate(tenPercent({ perPurchaseCapMinor: cap }), purchase(10_000n), ctx());
    expect(result.amountMinor).toBe(amount);
    expect(result.capped).toBe(capped);
    expect(result.uncappedMinor).toBe(1000n);
  });

  it("explains a per-purchase cap", () => {
    const result = evaluate(tenPercent({ perPurchaseCapMinor: 500n }), purchase(10_000n), ctx());
    expect(result.explanation).toBe("10% of €100.00 · capped at €5.00");
    expect(result.reasons).toEqual(["capped at €5.00 per purchase"]);
  });

  it.each([
    { earned: 0n, amount: 1000n, capped: false },
    { earned: 1000n, amount: 1000n, capped: false },
    { earned: 1500n, amount: 500n, capped: true },
    { earned: 1999n, amount: 1n, capped: true },
    { earned: 2000n, amount: 0n, capped: true },
    { earned: 2500n, amount: 0n, capped: true },
  ])("per period cap €20.00 with $earned already earned → $amount", ({ earned, amount, capped }) => {
    const ruleSet = tenPercent({ perPeriodCap: { amountMinor: 2000n, period: "month" } });
    const result = evaluate(ruleSet, purchase(10_000n), ctx("EUR", earned));
    expect(result.amountMinor).toBe(amount);
    expect(result.capped).toBe(capped);
  });

  it("explains a period cap", () => {
    const ruleSet = tenPercent({ perPeriodCap: { amountMinor: 2000n, period: "week" } });
    const result = evaluate(ruleSet, purchase(10_000n), ctx("EUR", 1500n));
    expect(result.explanation).toBe("10% of €100.00 · capped at €5.00 by the €20.00 weekly limit");
    expect(result.reasons).toEqual(["capped at €5.00: €15.00 of the €20.00 weekly limit already earned"]);
  });

  it("does not let negative period earnings (after reversals) raise the cap", () => {
    const ruleSet = tenPercent({ perPeriodCap: { amountMinor: 500n, period: "day" } });
    expect(evaluate(ruleSet, purchase(10_000n), ctx("EUR", -300n)).amountMinor).toBe(500n);
  });

  it("applies the tighter of both caps", () => {
    const ruleSet = tenPercent({ perPurchaseCapMinor: 500n, perPeriodCap: { amountMinor: 2000n, period: "month" } });
    expect(evaluate(ruleSet, purchase(10_000n), ctx("EUR", 1700n)).amountMinor).toBe(300n);
    expect(evaluate(ruleSet, purchase(10_000n), ctx("EUR", 0n)).amountMinor).toBe(500n);
  });
});

describe("campaigns", () => {
  const spring: RuleSet = { base: pct(100), campaigns: [campaign("Spring", pct(1000))] };

  it.each([
    { at: "2026-02-28T23:59:59.999Z", reward: 10n, source: "base" },
    { at: "2026-03-01T00:00:00.000Z", reward: 100n, source: "campaign" },
    { at: "2026-03-31T23:59:59.999Z", reward: 100n, source: "campaign" },
    { at: "2026-04-01T00:00:00.000Z", reward: 10n, source: "base" },
  ])("at $at the $source rule applies (start inclusive, end exclusive)", ({ at, reward, source }) => {
    const result = evaluate(spring, purchase(1000n, { occurredAt: new Date(at) }), ctx());
    expect(result.amountMinor).toBe(reward);
    expect(result.lines[0]?.source.kind).toBe(source);
  });

  it("explains the campaign and the cap", () => {
    const ruleSet: RuleSet = { ...spring, perPurchaseCapMinor: 500n };
    expect(evaluate(ruleSet, purchase(14_210n), ctx()).explanation).toBe("10% of €142.10 · campaign Spring · capped at €5.00");
    expect(evaluate(spring, purchase(4210n), ctx()).lines[0]).toMatchObject({ label: "campaign Spring", source: { kind: "campaign", name: "Spring" } });
  });

  const early = new Date("2026-02-01T00:00:00Z");
  it.each([
    {
      name: "the one paying the member most wins",
      campaigns: [campaign("Small", pct(300), { startsAt: early }), campaign("Big", pct(500))],
      basket: 10_000n,
      winner: "Big",
    },
    {
      name: "a tie goes to the earliest start",
      campaigns: [campaign("Later", pct(500)), campaign("Earlier", pct(500), { startsAt: early })],
      basket: 10_000n,
      winner: "Earlier",
    },
    {
      name: "a tie with the same start goes to the first listed",
      campaigns: [campaign("First", pct(500)), campaign("Second", pct(500))],
      basket: 10_000n,
      winner: "First",
    },
    {
      name: "a flat campaign beats a percentage on a small basket",
      campaigns: [campaign("Flat", flat(300n)), campaign("Pct", pct(500))],
      basket: 1000n,
      winner: "Flat",
    },
    {
      name: "a percentage beats a flat campaign on a large basket",
      campaigns: [campaign("Flat", flat(300n)), campaign("Pct", pct(500))],
      basket: 10_000n,
      winner: "Pct",
    },
    {
      name: "a campaign replaces the base even when it pays less",
      campaigns: [campaign("Low", pct(10))],
      basket: 10_000n,
      winner: "Low",
    },
  ])("$name", ({ campaigns, basket, winner }) => {
    const result = evaluate({ base: pct(100), campaigns }, purchase(basket), ctx());
    expect(result.lines.map((l) => l.label)).toEqual([`campaign ${winner}`]);
  });

  const scoped: RuleSet = { base: pct(100), campaigns: [campaign("Gold VIP", pct(1000), { segments: ["vip"], tiers: ["gold", "platinum"] })] };
  it.each([
    { member: { segment: "vip", tier: "gold" }, matches: true },
    { member: { segment: "vip", tier: "platinum" }, matches: true },
    { member: { segment: "vip", tier: null }, matches: false },
    { member: { segment: "vip" }, matches: false },
    { member: { segment: "new", tier: "gold" }, matches: false },
    { member: { segment: null, tier: "gold" }, matches: false },
    { member: {}, matches: false },
  ])("segment and tier scope: $member → $matches", ({ member, matches }) => {
    const result = evaluate(scoped, purchase(1000n, { member }), ctx());
    expect(result.amountMinor).toBe(matches ? 100n : 10n);
  });

  it("a tier-only campaign ignores the segment", () => {
    const ruleSet: RuleSet = { base: pct(100), campaigns: [campaign("Gold", pct(1000), { tiers: ["gold"] })] };
    expect(evaluate(ruleSet, purchase(1000n, { member: { tier: "gold", segment: "anything" } }), ctx()).amountMinor).toBe(100n);
  });
});

describe("scoping by category and SKU", () => {
  it("applies category rules per item and the base to the rest", () => {
    const ruleSet: RuleSet = { base: pct(100), categoryRules: [{ category: "shoes", rule: pct(1000) }] };
    const result = evaluate(ruleSet, purchase(4210n, { items: [item("a", 3000n, "shoes"), item("b", 1210n, "socks")] }), ctx());
    expect(result.amountMinor).toBe(312n);
    expect(result.explanation).toBe("10% of €30.00 (category shoes) + 1% of €12.10 = €3.12");
    expect(result.lines.map((l) => l.source)).toEqual([{ kind: "category", category: "shoes" }, { kind: "base" }]);
  });

  it("a SKU-scoped campaign covers only its SKUs", () => {
    const ruleSet: RuleSet = { base: pct(100), campaigns: [campaign("Launch", pct(2000), { skus: ["SKU-1"] })] };
    const result = evaluate(ruleSet, purchase(3000n, { items: [item("SKU-1", 1000n), item("SKU-2", 2000n)] }), ctx());
    expect(result.lines.map((l) => [l.label, l.rewardMinor])).toEqual([
      ["campaign Launch", 200n],
      ["basket", 20n],
    ]);
  });

  it("a campaign matches items by category or by SKU", () => {
    const ruleSet: RuleSet = { base: pct(0), campaigns: [campaign("Mix", pct(1000), { categories: ["shoes"], skus: ["HAT-1"] })] };
    const items = [item("S-1", 1000n, "shoes"), item("HAT-1", 1000n, "hats"), item("HAT-2", 1000n, "hats")];
    expect(evaluate(ruleSet, purchase(3000n, { items }), ctx()).amountMinor).toBe(200n);
  });

  it("a campaign for a category overrides that category's rule", () => {
    const ruleSet: RuleSet = {
      base: pct(100),
      categoryRules: [{ category: "shoes", rule: pct(500) }],
      campaigns: [campaign("Shoe week", pct(1500), { categories: ["shoes"] })],
    };
    const result = evaluate(ruleSet, purchase(1000n, { items: [item("a", 1000n, "shoes")] }), ctx());
    expect(result.amountMinor).toBe(150n);
  });

  it("without items, item-scoped rules cannot match and the whole amount is the basket", () => {
    const ruleSet: RuleSet = {
      base: pct(100),
      categoryRules: [{ category: "shoes", rule: pct(500) }],
      campaigns: [campaign("Shoe week", pct(1500), { categories: ["shoes"] }), campaign("Launch", pct(2000), { skus: ["SKU-1"] })],
    };
    const result = evaluate(ruleSet, purchase(1000n, { items: [] }), ctx());
    expect(result.amountMinor).toBe(10n);
    expect(result.lines.map((l) => l.label)).toEqual(["basket"]);
  });
});

describe("exclusions", () => {
  const ruleSet: RuleSet = { base: pct(100), excludedCategories: ["gift cards"], excludedSkus: ["GC-50"] };

  it("gives excluded items nothing and says why", () => {
    const items = [item("GC-10", 2000n, "gift cards", 2), item("TEE", 1000n, "clothes")];
    const result = evaluate(ruleSet, purchase(3000n, { items }), ctx());
    expect(result.amountMinor).toBe(10n);
    expect(result.eligibleMinor).toBe(1000n);
    expect(result.excludedMinor).toBe(2000n);
    expect(result.reasons).toEqual(["2 items excluded: gift cards"]);
    expect(result.explanation).toBe("1% of €10.00 · 2 items excluded: gift cards");
  });

  it("names every reason once", () => {
    const items = [item("GC-10", 1000n, "gift cards"), item("GC-20", 2000n, "gift cards"), item("GC-50", 5000n)];
    const result = evaluate(ruleSet, purchase(8000n, { items }), ctx());
    expect(result.amountMinor).toBe(0n);
    expect(result.explanation).toBe("No reward: 3 items excluded: gift cards, GC-50");
    expect(result.lines).toEqual([]);
  });

  it("wins over a campaign on the same SKU", () => {
    const withCampaign: RuleSet = { ...ruleSet, campaigns: [campaign("Gift", pct(5000), { skus: ["GC-50"] })] };
    const result = evaluate(withCampaign, purchase(5000n, { items: [item("GC-50", 5000n)] }), ctx());
    expect(result.amountMinor).toBe(0n);
    expect(result.reasons).toEqual(["1 item excluded: GC-50"]);
  });
});

describe("minimum basket", () => {
  const ruleSet: RuleSet = { base: flat(100n), minBasketMinor: 500n };

  it.each([
    { basket: 0n, reward: 0n },
    { basket: 499n, reward: 0n },
    { basket: 500n, reward: 100n },
  ])("basket $basket → $reward (the minimum itself qualifies)", ({ basket, reward }) => {
    expect(evaluate(ruleSet, purchase(basket), ctx()).amountMinor).toBe(reward);
  });

  it("explains a basket under the minimum", () => {
    const result = evaluate(ruleSet, purchase(400n), ctx());
    expect(result.reasons).toEqual(["basket €4.00 is under the €5.00 minimum"]);
    expect(result.explanation).toBe("No reward: basket €4.00 is under the €5.00 minimum");
  });

  it("measures the basket after exclusions", () => {
    const withExclusion: RuleSet = { ...ruleSet, excludedCategories: ["gift cards"] };
    const items = [item("GC", 5000n, "gift cards"), item("PEN", 400n)];
    const result = evaluate(withExclusion, purchase(5400n, { items }), ctx());
    expect(result.amountMinor).toBe(0n);
    expect(result.reasons).toEqual(["1 item excluded: gift cards", "basket €4.00 is under the €5.00 minimum"]);
  });
});

describe("currencies", () => {
  it.each([
    { purchaseCurrency: "EUR", basket: 4210n, reward: 42n, explanation: "1% of €42.10" },
    { purchaseCurrency: "USD", basket: 4210n, reward: 42n, explanation: "1% of US$42.10" },
    // A basket in points' own unit (the till, receipts) is whole currency units: 42 counts as 4200 hundredths.
    { purchaseCurrency: "PTS", basket: 42n, reward: 42n, explanation: "1% of 42 pts" },
    { purchaseCurrency: "GBP", basket: 99n, reward: 0n, explanation: "1% of £0.99" },
  ] satisfies { purchaseCurrency: Currency; basket: bigint; reward: bigint; explanation: string }[])(
    "a points program takes $purchaseCurrency: 1% of $basket minor units → $reward pts",
    ({ purchaseCurrency, basket, reward, explanation }) => {
      const result = evaluate({ base: pct(100) }, purchase(basket, { currency: purchaseCurrency }), ctx("PTS"));
      expect(result.amountMinor).toBe(reward);
      expect(result.currency).toBe("PTS");
      expect(result.explanation).toBe(explanation);
    },
  );

  it("formats points caps as points", () => {
    const result = evaluate({ base: pct(1000), perPurchaseCapMinor: 100n }, purchase(10_000n), ctx("PTS"));
    expect(result.explanation).toBe("10% of €100.00 · capped at 100 pts");
  });

  it.each([
    { program: "EUR", purchase: "USD" },
    { program: "GBP", purchase: "EUR" },
    { program: "CAD", purchase: "PTS" },
  ] satisfies { program: Currency; purchase: Currency }[])("a $program program pays nothing on a $purchase purchase", (c) => {
    const result = evaluate({ base: flat(500n) }, purchase(10_000n, { currency: c.purchase }), ctx(c.program));
    expect(result.amountMinor).toBe(0n);
    expect(result.currency).toBe(c.program);
    expect(result.reasons).toEqual(["currency mismatch"]);
    expect(result.explanation).toBe(`No reward: currency mismatch (purchase in ${c.purchase}, program in ${c.program})`);
  });

  it("formats the explanation in the given locale", () => {
    const result = evaluate({ base: pct(250) }, purchase(4210n), { currency: "EUR", earnedInPeriodMinor: 0n, locale: "de-DE" });
    expect(result.explanation).toBe("2,5\u00a0% of 42,10\u00a0€");
  });
});

describe("inputs", () => {
  it("refuses negative amounts: refunds reverse rewards instead", () => {
    expect(() => evaluate({ base: pct(100) }, purchase(-1n), ctx())).toThrow(RangeError);
    expect(() => evaluate({ base: pct(100) }, purchase(0n, { items: [item("a", -1n)] }), ctx())).toThrow(RangeError);
  });

  it("keeps the applied rule on each line as the snapshot", () => {
    const rule: Rule = { type: "tiered", brackets: [{ fromMinor: 0n, reward: { type: "percentage", bps: 100 } }] };
    const [line] = evaluate({ base: rule }, purchase(4210n), ctx()).lines;
    expect(line).toEqual({
      label: "basket",
      source: { kind: "base" },
      basketMinor: 4210n,
      rewardMinor: 42n,
      rule,
      bracket: rule.brackets[0],
      text: "1% of €42.10 (any amount)",
    });
  });
});
