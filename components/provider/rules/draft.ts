import { BPS_PER_WHOLE } from "@/lib/money/bps";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { minorToDecimalString } from "@/lib/money/format";
import { parseAmountInput } from "@/lib/money/parse-amount";
import type { BracketJson, CampaignJson, RuleJson, RuleSetJson } from "@/lib/rules/schema";

/*
 * The editor works on a draft of text fields as people type them ("2.5" %, "12.50" €, dates as days) and
 * turns it into the engine's JSON before sending. Errors are keyed by the JSON path the engine's schema uses
 * ("campaigns.0.endsAt"), so the server's field-named errors land on the same inputs as the local ones.
 */

export type RewardKind = "flat" | "percentage";
export type BracketDraft = { from: string; upTo: string; kind: RewardKind; amount: string; percent: string };
export type RuleDraft = { type: "flat" | "percentage" | "tiered"; amount: string; percent: string; brackets: BracketDraft[] };
export type CampaignDraft = {
  name: string;
  startDate: string;
  endDate: string;
  rule: RuleDraft;
  segments: string;
  tiers: string;
  categories: string;
  skus: string;
};
export type CategoryRuleDraft = { category: string; rule: RuleDraft };
export type Period = "day" | "week" | "month";
export type RuleSetDraft = {
  base: RuleDraft;
  minBasket: string;
  perPurchaseCap: string;
  perPeriodCap: string;
  period: Period;
  excludedSkus: string;
  excludedCategories: string;
  categoryRules: CategoryRuleDraft[];
  campaigns: CampaignDraft[];
};

export type Units = {
  /** The program currency: rewards and caps. */
  reward: Currency;
  /** What baskets are measured in (minimum, brackets); euros stand in for a points program. */
  basket: Currency;
};

export function unitsFor(currency: Currency): Units {
  return { reward: currency, basket: currency === "PTS" ? "EUR" : currency };
}

const amountText = (minor: string | undefined, currency: Currency) => (minor === undefined ? "" : minorToDecimalString(BigInt(minor), minorUnitDigits(currency)));
/** 250 bps → "2.5": bps are hundredths of a percent, so the percent has the precision of a 2-digit currency. */
const percentText = (bps: number) => String(minorToDecimalString(BigInt(bps), 2)).replace(/\.?0+$/, "") || "0";

export const emptyBracket = (): BracketDraft => ({ from: "", upTo: "", kind: "percentage", amount: "", percent: "" });
export const emptyRule = (): RuleDraft => ({ type: "percentage", amount: "", percent: "", brackets: [{ ...emptyBracket(), from: "0" }] });

function ruleDraft(rule: RuleJson, units: Units): RuleDraft {
  const draft = emptyRule();
  if (rule.type === "flat") return { ...draft, type: "flat", amount: amountText(rule.amountMinor, units.reward) };
  if (rule.type === "percentage") return { ...draft, type: "percentage", percent: percentText(rule.bps) };
  return {
    ...draft,
    type: "tiered",
    brackets: rule.brackets.map((b) => ({
      from: amountText(b.fromMinor, units.basket),
      upTo: amountText(b.upToMinor, units.basket),
      kind: b.reward.type,
      amount: b.reward.type === "flat" ? amountText(b.reward.amountMinor, units.reward) : "",
      percent: b.reward.type === "percentage" ? percentText(b.reward.bps) : "",
    })),
  };
}

const day = (iso: string) => iso.slice(0, 10);
/** The end is exclusive in the engine and inclusive on screen: the last day is the one before endsAt. */
const lastDay = (iso: string) => new Date(new Date(iso).getTime() - 1).toISOString().slice(0, 10);
const list = (values: string[] | undefined) => (values ?? []).join(", ");

export function toDraft(json: RuleSetJson, currency: Currency): RuleSetDraft {
  const units = unitsFor(currency);
  return {
    base: ruleDraft(json.base, units),
    minBasket: amountText(json.minBasketMinor, units.basket),
    perPurchaseCap: amountText(json.perPurchaseCapMinor, units.reward),
    perPeriodCap: amountText(json.perPeriodCap?.amountMinor, units.reward),
    period: json.perPeriodCap?.period ?? "month",
    excludedSkus: list(json.excludedSkus),
    excludedCategories: list(json.excludedCategories),
    categoryRules: (json.categoryRules ?? []).map((c) => ({ category: c.category, rule: ruleDraft(c.rule, units) })),
    campaigns: (json.campaigns ?? []).map((c) => ({
      name: c.name,
      startDate: day(c.startsAt),
      endDate: lastDay(c.endsAt),
      rule: ruleDraft(c.rule, units),
      segments: list(c.segments),
      tiers: list(c.tiers),
      categories: list(c.categories),
      skus: list(c.skus),
    })),
  };
}

export type DraftResult = { ok: true; json: RuleSetJson } | { ok: false; field: string; message: string };

class DraftError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function amount(text: string, currency: Currency, field: string): string {
  const parsed = parseAmountInput(text.trim(), currency);
  if (parsed === null) throw new DraftError(field, currency === "PTS" ? "Enter a whole number of points" : "Enter an amount like 12.50");
  return parsed.toString();
}

function optionalAmount(text: string, currency: Currency, field: string): string | undefined {
  return text.trim() === "" ? undefined : amount(text, currency, field);
}

function bps(text: string, field: string): number {
  const parsed = parseAmountInput(text.trim().replace(/%$/, ""), "EUR");
  if (parsed === null) throw new DraftError(field, "Enter a percentage like 5 or 2.5");
  if (parsed > BPS_PER_WHOLE) throw new DraftError(field, "Must be between 0% and 100%");
  return Number(parsed);
}

function names(text: string): string[] | undefined {
  const values = text
    .split(/[,\n]/)
    .map((v) => v.trim())
    .filter((v) => v !== "");
  return values.length > 0 ? [...new Set(values)] : undefined;
}

function rule(draft: RuleDraft, units: Units, path: string): RuleJson {
  if (draft.type === "flat") return { type: "flat", amountMinor: amount(draft.amount, units.reward, `${path}.amountMinor`) };
  if (draft.type === "percentage") return { type: "percentage", bps: bps(draft.percent, `${path}.bps`) };
  if (draft.brackets.length === 0) throw new DraftError(`${path}.brackets`, "Add at least one bracket");
  return {
    type: "tiered",
    brackets: draft.brackets.map((b, i): BracketJson => {
      const at = `${path}.brackets.${i}`;
      const upToMinor = optionalAmount(b.upTo, units.basket, `${at}.upToMinor`);
      return {
        fromMinor: amount(b.from.trim() === "" ? "0" : b.from, units.basket, `${at}.fromMinor`),
        ...(upToMinor !== undefined && { upToMinor }),
        reward:
          b.kind === "flat"
            ? { type: "flat", amountMinor: amount(b.amount, units.reward, `${at}.reward.amountMinor`) }
            : { type: "percentage", bps: bps(b.percent, `${at}.reward.bps`) },
      };
    }),
  };
}

function dayStart(text: string, field: string, message: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new DraftError(field, message);
  const date = new Date(`${text}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) throw new DraftError(field, message);
  return date;
}

/** A campaign's dates in the form's own words: both days are included, so one day is a campaign of one day. */
export const LAST_DAY_BEFORE_FIRST = "The last day must be the first day or later.";

/** The draft's date mistake as the owner types (a campaign ending before it starts), for the field itself. */
export function liveDateError(draft: RuleSetDraft): { field: string; message: string } | null {
  for (const [i, c] of draft.campaigns.entries()) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(c.startDate) && /^\d{4}-\d{2}-\d{2}$/.test(c.endDate) && c.endDate < c.startDate) {
      return { field: `campaigns.${i}.endsAt`, message: LAST_DAY_BEFORE_FIRST };
    }
  }
  return null;
}

function campaign(draft: CampaignDraft, units: Units, i: number): CampaignJson {
  const at = `campaigns.${i}`;
  const startsAt = dayStart(draft.startDate, `${at}.startsAt`, "Pick the first day");
  const last = dayStart(draft.endDate, `${at}.endsAt`, "Pick the last day");
  if (last.getTime() < startsAt.getTime()) throw new DraftError(`${at}.endsAt`, LAST_DAY_BEFORE_FIRST);
  const segments = names(draft.segments);
  const tiers = names(draft.tiers);
  const categories = names(draft.categories);
  const skus = names(draft.skus);
  return {
    name: draft.name,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(last.getTime() + 24 * 60 * 60 * 1000).toISOString(),
    rule: rule(draft.rule, units, `${at}.rule`),
    ...(segments && { segments }),
    ...(tiers && { tiers }),
    ...(categories && { categories }),
    ...(skus && { skus }),
  };
}

/** The draft as the engine's JSON, or the first field that cannot be read (the engine's schema checks the rest). */
export function fromDraft(draft: RuleSetDraft, currency: Currency): DraftResult {
  const units = unitsFor(currency);
  try {
    const minBasketMinor = optionalAmount(draft.minBasket, units.basket, "minBasketMinor");
    const perPurchaseCapMinor = optionalAmount(draft.perPurchaseCap, units.reward, "perPurchaseCapMinor");
    const periodCap = optionalAmount(draft.perPeriodCap, units.reward, "perPeriodCap.amountMinor");
    const excludedSkus = names(draft.excludedSkus);
    const excludedCategories = names(draft.excludedCategories);
    const json: RuleSetJson = {
      base: rule(draft.base, units, "base"),
      ...(draft.campaigns.length > 0 && { campaigns: draft.campaigns.map((c, i) => campaign(c, units, i)) }),
      ...(excludedSkus && { excludedSkus }),
      ...(excludedCategories && { excludedCategories }),
      ...(draft.categoryRules.length > 0 && {
        categoryRules: draft.categoryRules.map((c, i) => ({ category: c.category, rule: rule(c.rule, units, `categoryRules.${i}.rule`) })),
      }),
      ...(minBasketMinor !== undefined && { minBasketMinor }),
      ...(perPurchaseCapMinor !== undefined && { perPurchaseCapMinor }),
      ...(periodCap !== undefined && { perPeriodCap: { amountMinor: periodCap, period: draft.period } }),
    };
    return { ok: true, json };
  } catch (error) {
    if (error instanceof DraftError) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

/** A server error's field ("ruleSet.base.bps") as the editor's error key ("base.bps"). */
export function editorField(field: string | undefined): string | undefined {
  if (!field) return undefined;
  return field.startsWith("ruleSet.") ? field.slice("ruleSet.".length) : undefined;
}
