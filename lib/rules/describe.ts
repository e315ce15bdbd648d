import { minorToDecimalString } from "@/lib/money/format";
import { formatBps } from "@/lib/money/bps";
import { bracketRange, moneyFormatter, rewardText, type Formatter } from "./text";
import type { Campaign, Currency, Rule, RuleSet } from "./types";

export type DescribeOptions = {
  locale?: string;
  /** Campaign dates are shown as calendar days in this zone. */
  timeZone?: string;
  /**
   * Currency of the baskets that brackets and the minimum measure. Defaults to the program currency; a
   * points program accepts several, so without it those thresholds show as plain numbers ("20.00").
   */
  basketCurrency?: Currency;
};

function ruleText(rule: Rule, money: Formatter, basket: Formatter, locale: string): string {
  switch (rule.type) {
    case "flat":
      return `${money(rule.amountMinor)} per purchase`;
    case "percentage":
      return formatBps(rule.bps, locale);
    case "tiered":
      return rule.brackets.map((b) => `${rewardText(b.reward, money, locale)} ${bracketRange(b, basket)}`).join(", ");
  }
}

/** Inclusive calendar days; `endsAt` is exclusive, so the last day is the one just before it. */
function campaignDates(campaign: Campaign, locale: string, timeZone: string): string {
  const lastInstant = new Date(campaign.endsAt.getTime() - 1);
  const sameYear = new Intl.DateTimeFormat("en", { year: "numeric", timeZone });
  const withYear = sameYear.format(campaign.startsAt) !== sameYear.format(lastInstant);
  const nf = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", ...(withYear && { year: "numeric" }), timeZone });
  return nf.formatRange(campaign.startsAt, lastInstant);
}

function campaignScope(campaign: Campaign): string {
  const items = [...(campaign.categories ?? []), ...(campaign.skus ?? [])];
  const members = [
    ...(campaign.tiers ? [`tier ${campaign.tiers.join(" or ")}`] : []),
    ...(campaign.segments ? [`segment ${campaign.segments.join(" or ")}`] : []),
  ];
  return `${items.length > 0 ? ` on ${items.join(", ")}` : ""}${members.length > 0 ? ` for ${members.join(", ")}` : ""}`;
}

/** One line for humans, e.g. "5% back · shoes: 10% · Spring: 10% (1 – 31 Mar) · max €5.00 per purchase". */
export function describeRuleSet(ruleSet: RuleSet, currency: Currency, options: DescribeOptions = {}): string {
  const locale = options.locale ?? "en-GB";
  const timeZone = options.timeZone ?? "UTC";
  const money = moneyFormatter(currency, locale);
  const basketCurrency = options.basketCurrency ?? (currency === "PTS" ? undefined : currency);
  const basket: Formatter = basketCurrency
    ? moneyFormatter(basketCurrency, locale)
    : (amountMinor) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(minorToDecimalString(amountMinor, 2));

  const base = ruleSet.base;
  const parts = [
    base.type === "percentage"
      ? `${formatBps(base.bps, locale)} back`
      : base.type === "flat"
        ? `${money(base.amountMinor)} back per purchase`
        : ruleText(base, money, basket, locale),
  ];
  for (const { category, rule } of ruleSet.categoryRules ?? []) parts.push(`${category}: ${ruleText(rule, money, basket, locale)}`);
  for (const campaign of ruleSet.campaigns ?? []) {
    parts.push(`${campaign.name}: ${ruleText(campaign.rule, money, basket, locale)}${campaignScope(campaign)} (${campaignDates(campaign, locale, timeZone)})`);
  }
  const excluded = [...(ruleSet.excludedCategories ?? []), ...(ruleSet.excludedSkus ?? [])];
  if (excluded.length > 0) parts.push(`nothing on ${excluded.join(", ")}`);
  if (ruleSet.minBasketMinor !== undefined) parts.push(`min. basket ${basket(ruleSet.minBasketMinor)}`);
  if (ruleSet.perPurchaseCapMinor !== undefined) parts.push(`max ${money(ruleSet.perPurchaseCapMinor)} per purchase`);
  if (ruleSet.perPeriodCap) parts.push(`max ${money(ruleSet.perPeriodCap.amountMinor)} per ${ruleSet.perPeriodCap.period}`);
  return parts.join(" · ");
}
