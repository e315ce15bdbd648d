import { describe, expect, it } from "vitest";
import { parseRuleSet, serializeRuleSet, type RuleSetJson } from "@/lib/rules";
import { fromDraft, liveDateError, toDraft } from "./draft";

const full: RuleSetJson = {
  base: { type: "tiered", brackets: [{ fromMinor: "0", upToMinor: "2000", reward: { type: "flat", amountMinor: "50" } }, { fromMinor: "2000", reward: { type: "percentage", bps: 250 } }] },
  campaigns: [{ name: "Spring", startsAt: "2026-03-01T00:00:00.000Z", endsAt: "2026-04-01T00:00:00.000Z", rule: { type: "percentage", bps: 1000 }, segments: ["vip"], skus: ["LATTE"] }],
  excludedSkus: ["GIFT"],
  excludedCategories: ["tobacco"],
  categoryRules: [{ category: "shoes", rule: { type: "flat", amountMinor: "100" } }],
  minBasketMinor: "500",
  perPurchaseCapMinor: "1000",
  perPeriodCap: { amountMinor: "5000", period: "week" },
};

describe("rules editor draft", () => {
  it("round-trips every field of a rule set through the text fields", () => {
    const draft = toDraft(full, "EUR");
    expect(draft.base.brackets[1]).toMatchObject({ from: "20.00", upTo: "", kind: "percentage", percent: "2.5" });
    expect(draft.campaigns[0]).toMatchObject({ startDate: "2026-03-01", endDate: "2026-03-31", segments: "vip" });
    const back = fromDraft(draft, "EUR");
    expect(back).toEqual({ ok: true, json: full });
    const parsed = parseRuleSet(back.ok ? back.json : null);
    expect(parsed.ok && serializeRuleSet(parsed.ruleSet)).toEqual(full);
  });

  it("turns what people type into minor units and basis points", () => {
    const draft = toDraft({ base: { type: "percentage", bps: 0 } }, "EUR");
    expect(fromDraft({ ...draft, base: { ...draft.base, percent: "1" }, perPurchaseCap: "5,5" }, "EUR")).toEqual({
      ok: true,
      json: { base: { type: "percentage", bps: 100 }, perPurchaseCapMinor: "550" },
    });
    expect(fromDraft({ ...draft, base: { ...draft.base, percent: "12.345" } }, "EUR")).toMatchObject({ ok: false, field: "base.bps" });
    expect(fromDraft({ ...draft, base: { ...draft.base, percent: "150" } }, "EUR")).toMatchObject({ ok: false, field: "base.bps" });
    expect(fromDraft({ ...draft, minBasket: "ten" }, "EUR")).toMatchObject({ ok: false, field: "minBasketMinor" });
    expect(fromDraft({ ...draft, base: { ...draft.base, type: "flat", amount: "1.5" } }, "PTS")).toMatchObject({ ok: false, field: "base.amountMinor" });
  });

  it("refuses a campaign whose last day comes before its first in the form's words, as it is typed and on save", () => {
    const draft = toDraft(full, "EUR");
    const backwards = { ...draft, campaigns: [{ ...draft.campaigns[0]!, startDate: "2026-03-10", endDate: "2026-03-09" }] };
    expect(liveDateError(backwards)).toEqual({ field: "campaigns.0.endsAt", message: "The last day must be the first day or later." });
    expect(fromDraft(backwards, "EUR")).toEqual({ ok: false, field: "campaigns.0.endsAt", message: "The last day must be the first day or later." });
    // One day, both included, is a campaign.
    const oneDay = { ...draft, campaigns: [{ ...draft.campaigns[0]!, startDate: "2026-03-10", endDate: "2026-03-10" }] };
    expect(liveDateError(oneDay)).toBeNull();
    expect(fromDraft(oneDay, "EUR")).toMatchObject({ ok: true });
  });
});
