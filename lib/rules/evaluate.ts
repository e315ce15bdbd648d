import { applyBps, formatBps } from "@/lib/money/bps";
import { bracketRange, moneyFormatter, type Formatter } from "./text";
import type {
  Bracket,
  Campaign,
  CapPeriod,
  Evaluation,
  EvaluationContext,
  LineSource,
  Purchase,
  RewardLine,
  Rule,
  RuleSet,
} from "./types";

/*
 * Rounding: every amount is an integer of minor units in a bigint; no floating point touches money.
 * A percentage is `basketMinor * bps / 10000` in bigint arithmetic, which truncates, i.e. rounds DOWN
 * (baskets are never negative), once per line, so the member never gets a fraction of a cent or point.
 * The lines are then summed, and the caps apply to that sum.
 *
 * Points programs (PTS) accept purchases in any currency: a flat reward is that many points, and a
 * percentage gives floor(basketMinor * bps / 10000) points from the basket's minor units (100 bps of
 * €42.10 = 4210 * 100 / 10000 = 42 pts). Money programs only reward purchases in their own currency.
 * One rule for points per currency unit, whatever the source (docs/money-rules.md, "Points"): a basket
 * recorded in points' own unit — the register's and receipts' amounts in a points program, typed in whole
 * currency units ("42") — counts in hundredths like money's minor units (POINTS_BASKET_SCALE), so €42 at the
 * till earns what €42.00 by webhook or on a linked card earns.
 *
 * Which rule pays for which part of the basket, strongest first:
 * 1. Exclusions (by SKU or category) always win: those items earn nothing.
 * 2. Active campaigns whose member and item scope match. When several match an item, the one paying the
 *    most for that item alone wins; ties go to the earliest start, then to the first in the rule set.
 * 3. The rule for the item's category.
 * 4. The base rule.
 * Items governed by the same rule are summed into one line and the rule applies to that line's basket, so
 * a flat reward is paid once per line (not per item) and a tiered rule picks its bracket from the line's
 * total. Without items the whole amount is one basket and only unscoped campaigns or the base can apply.
 */

/** Rounded down; see the rounding note above. */
export function percentOf(basketMinor: bigint, bps: number): bigint {
  return applyBps(basketMinor, bps);
}

export type AppliedRule = { rewardMinor: bigint; bracket?: Bracket; miss?: "below" | "above" };

/** Brackets include their lower bound and exclude their upper bound: [fromMinor, upToMinor). */
export function findBracket(brackets: readonly Bracket[], basketMinor: bigint): Bracket | undefined {
  return brackets.find((b) => basketMinor >= b.fromMinor && (b.upToMinor === undefined || basketMinor < b.upToMinor));
}

export function applyRule(rule: Rule, basketMinor: bigint): AppliedRule {
  switch (rule.type) {
    case "flat":
      return { rewardMinor: rule.amountMinor };
    case "percentage":
      return { rewardMinor: percentOf(basketMinor, rule.bps) };
    case "tiered": {
      const bracket = findBracket(rule.brackets, basketMinor);
      if (bracket) return { rewardMinor: applyRule(bracket.reward, basketMinor).rewardMinor, bracket };
      const first = rule.brackets[0];
      return { rewardMinor: 0n, miss: first && basketMinor < first.fromMinor ? "below" : "above" };
    }
  }
}

type Part = { sku?: string; category?: string; amountMinor: bigint; quantity: number; itemized: boolean };

type Group = { key: string; order: [number, number]; source: LineSource; label: string; rule: Rule; basketMinor: bigint };

const PERIOD_ADJECTIVE: Record<CapPeriod, string> = { day: "daily", week: "weekly", month: "monthly" };

function inScope(list: readonly string[] | undefined, value: string | null | undefined): boolean {
  return list === undefined || (value != null && list.includes(value));
}

function coversPart(campaign: Campaign, part: Part): boolean {
  if (campaign.categories === undefined && campaign.skus === undefined) return true;
  if (!part.itemized) return false;
  const byCategory = part.category !== undefined && (campaign.categories?.includes(part.category) ?? false);
  const bySku = part.sku !== undefined && (campaign.skus?.includes(part.sku) ?? false);
  return byCategory || bySku;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Hundredths per whole unit of a basket recorded in points' own unit (PTS): money's minor units per unit. */
export const POINTS_BASKET_SCALE = 100n;

/** A PTS basket in money's minor units (see the note above); any other basket as it is. */
export function basketInMinorUnits(purchase: Purchase): Purchase {
  if (purchase.currency !== "PTS") return purchase;
  return {
    ...purchase,
    amountMinor: purchase.amountMinor * POINTS_BASKET_SCALE,
    ...(purchase.items && { items: purchase.items.map((item) => ({ ...item, amountMinor: item.amountMinor * POINTS_BASKET_SCALE })) }),
  };
}

export function evaluate(ruleSet: RuleSet, input: Purchase, context: EvaluationContext): Evaluation {
  const { currency } = context;
  const locale = context.locale ?? "en-GB";
  const money = moneyFormatter(currency, locale);
  const purchase = basketInMinorUnits(input);
  const basket: Formatter =
    input.currency === "PTS" ? (v) => moneyFormatter("PTS", locale)(v / POINTS_BASKET_SCALE) : moneyFormatter(purchase.currency, locale);

  if (purchase.amountMinor < 0n) throw new RangeError("A purchase amount cannot be negative; refunds reverse rewards instead");
  if (purchase.items?.some((item) => item.amountMinor < 0n)) throw new RangeError("An item amount cannot be negative");

  const nothing = (reasons: string[], eligibleMinor = 0n, excludedMinor = 0n): Evaluation => ({
    amountMinor: 0n,
    currency,
    explanation: `No reward: ${reasons.join(" · ")}`,
    lines: [],
    capped: false,
    reasons,
    eligibleMinor,
    excludedMinor,
    uncappedMinor: 0n,
  });

  if (currency !== "PTS" && purchase.currency !== currency) {
    const result = nothing(["currency mismatch"]);
    return { ...result, explanation: `No reward: currency mismatch (purchase in ${purchase.currency}, program in ${currency})` };
  }

  const parts: Part[] =
    purchase.items && purchase.items.length > 0
      ? purchase.items.map((item) => ({
          sku: item.sku,
          category: item.category ?? undefined,
          amountMinor: item.amountMinor,
          quantity: item.quantity,
          itemized: true,
        }))
      : [{ amountMinor: purchase.amountMinor, quantity: 1, itemized: false }];

  const reasons: string[] = [];
  const excludedSkus = new Set(ruleSet.excludedSkus ?? []);
  const excludedCategories = new Set(ruleSet.excludedCategories ?? []);
  const eligible: Part[] = [];
  const excludedWhy = new Set<string>();
  let excludedCount = 0;
  let excludedMinor = 0n;
  for (const part of parts) {
    const why =
      part.category !== undefined && excludedCategories.has(part.category)
        ? part.category
        : part.sku !== undefined && excludedSkus.has(part.sku)
          ? part.sku
          : undefined;
    if (why === undefined) {
      eligible.push(part);
    } else {
      excludedWhy.add(why);
      excludedCount += Number.isInteger(part.quantity) && part.quantity > 0 ? part.quantity : 1;
      excludedMinor += part.amountMinor;
    }
  }
  const exclusion = excludedCount > 0 ? `${plural(excludedCount, "item")} excluded: ${[...excludedWhy].join(", ")}` : undefined;
  if (exclusion) reasons.push(exclusion);

  const eligibleMinor = eligible.reduce((sum, part) => sum + part.amountMinor, 0n);
  if (eligibleMinor === 0n) {
    if (reasons.length === 0) reasons.push("the basket is empty");
    return nothing(reasons, eligibleMinor, excludedMinor);
  }
  if (ruleSet.minBasketMinor !== undefined && eligibleMinor < ruleSet.minBasketMinor) {
    reasons.push(`basket ${basket(eligibleMinor)} is under the ${basket(ruleSet.minBasketMinor)} minimum`);
    return nothing(reasons, eligibleMinor, excludedMinor);
  }

  const at = purchase.occurredAt.getTime();
  const active = (ruleSet.campaigns ?? [])
    .map((campaign, index) => ({ campaign, index }))
    .filter(
      ({ campaign }) =>
        campaign.startsAt.getTime() <= at &&
        at < campaign.endsAt.getTime() &&
        inScope(campaign.segments, purchase.member.segment) &&
        inScope(campaign.tiers, purchase.member.tier),
    );

  const groups = new Map<string, Group>();
  for (const part of eligible) {
    let best: { campaign: Campaign; index: number; rewardMinor: bigint } | undefined;
    for (const { campaign, index } of active) {
      if (!coversPart(campaign, part)) continue;
      const { rewardMinor } = applyRule(campaign.rule, part.amountMinor);
      if (!best || rewardMinor > best.rewardMinor || (rewardMinor === best.rewardMinor && campaign.startsAt.getTime() < best.campaign.startsAt.getTime())) {
        best = { campaign, index, rewardMinor };
      }
    }
    const categoryIndex =
      best || part.category === undefined ? -1 : (ruleSet.categoryRules ?? []).findIndex((c) => c.category === part.category);
    const categoryRule = ruleSet.categoryRules?.[categoryIndex];

    const group: Omit<Group, "basketMinor"> = best
      ? {
          key: `campaign:${best.index}`,
          order: [0, best.index],
          source: { kind: "campaign", name: best.campaign.name },
          label: `campaign ${best.campaign.name}`,
          rule: best.campaign.rule,
        }
      : categoryRule
        ? {
            key: `category:${categoryIndex}`,
            order: [1, categoryIndex],
            source: { kind: "category", category: categoryRule.category },
            label: `category ${categoryRule.category}`,
            rule: categoryRule.rule,
          }
        : { key: "base", order: [2, 0], source: { kind: "base" }, label: "basket", rule: ruleSet.base };
    const existing = groups.get(group.key);
    if (existing) existing.basketMinor += part.amountMinor;
    else groups.set(group.key, { ...group, basketMinor: part.amountMinor });
  }

  const lines: RewardLine[] = [...groups.values()]
    .filter((group) => group.basketMinor > 0n)
    .sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1])
    .map((group) => {
      const applied = applyRule(group.rule, group.basketMinor);
      const text = lineText(group.rule, applied, group.basketMinor, { money, basket, locale });
      if (applied.miss) reasons.push(group.source.kind === "base" ? text : `${group.label}: ${text}`);
      return {
        label: group.label,
        source: group.source,
        basketMinor: group.basketMinor,
        rewardMinor: applied.rewardMinor,
        rule: group.rule,
        ...(applied.bracket && { bracket: applied.bracket }),
        text,
      };
    });
  const uncappedMinor = lines.reduce((sum, line) => sum + line.rewardMinor, 0n);

  let amountMinor = uncappedMinor;
  let capText: string | undefined;
  if (ruleSet.perPurchaseCapMinor !== undefined && amountMinor > ruleSet.perPurchaseCapMinor) {
    amountMinor = ruleSet.perPurchaseCapMinor;
    capText = `capped at ${money(amountMinor)}`;
    reasons.push(`capped at ${money(amountMinor)} per purchase`);
  }
  if (ruleSet.perPeriodCap !== undefined) {
    const { amountMinor: capMinor, period } = ruleSet.perPeriodCap;
    // Reversals can leave the period's net earnings below zero; that must not raise the cap.
    const earnedMinor = context.earnedInPeriodMinor > 0n ? context.earnedInPeriodMinor : 0n;
    const roomMinor = capMinor > earnedMinor ? capMinor - earnedMinor : 0n;
    if (amountMinor > roomMinor) {
      amountMinor = roomMinor;
      const limit = `the ${money(capMinor)} ${PERIOD_ADJECTIVE[period]} limit`;
      capText = `capped at ${money(amountMinor)} by ${limit}`;
      reasons.push(`capped at ${money(amountMinor)}: ${money(earnedMinor)} of ${limit} already earned`);
    }
  }

  const segments: string[] = [];
  const [onlyLine] = lines;
  if (lines.length === 1 && onlyLine) {
    segments.push(onlyLine.text);
    if (onlyLine.source.kind !== "base") segments.push(onlyLine.label);
  } else {
    const sum = lines.map((line) => (line.source.kind === "base" ? line.text : `${line.text} (${line.label})`)).join(" + ");
    segments.push(`${sum} = ${money(uncappedMinor)}`);
  }
  if (exclusion) segments.push(exclusion);
  if (capText) segments.push(capText);

  return {
    amountMinor,
    currency,
    explanation: segments.join(" · "),
    lines,
    capped: amountMinor < uncappedMinor,
    reasons,
    eligibleMinor,
    excludedMinor,
    uncappedMinor,
  };
}

function lineText(rule: Rule, applied: AppliedRule, basketMinor: bigint, f: { money: Formatter; basket: Formatter; locale: string }): string {
  switch (rule.type) {
    case "flat":
      return `${f.money(rule.amountMinor)} flat`;
    case "percentage":
      return `${formatBps(rule.bps, f.locale)} of ${f.basket(basketMinor)}`;
    case "tiered": {
      const { bracket } = applied;
      if (!bracket) {
        const first = rule.brackets[0];
        const last = rule.brackets[rule.brackets.length - 1];
        return applied.miss === "below" && first
          ? `basket ${f.basket(basketMinor)} is under the first bracket (from ${f.basket(first.fromMinor)})`
          : `basket ${f.basket(basketMinor)} is above the last bracket (under ${f.basket(last?.upToMinor ?? 0n)})`;
      }
      const range = bracketRange(bracket, f.basket);
      return bracket.reward.type === "flat"
        ? `${f.money(bracket.reward.amountMinor)} for ${f.basket(basketMinor)} (${range})`
        : `${formatBps(bracket.reward.bps, f.locale)} of ${f.basket(basketMinor)} (${range})`;
    }
  }
}
