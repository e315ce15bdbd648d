import type { Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";
import { describeRuleSet, parseRuleSet, type Rule } from "@/lib/rules";
import { formatBps } from "@/lib/money/bps";

export type SocialLink = { label: string; url: string };

/** Everything the program page shows: plain strings, so the same component renders on the server and in the branding preview. */
export type ProgramPageView = {
  name: string;
  providerName: string;
  slug: string;
  brandColor: string;
  description: string | null;
  logoUrl: string | null;
  coverUrl: string | null;
  /** Headline of the base rule, e.g. "5% cashback" or "Up to 200 points". */
  earnHeadline: string;
  /** The whole rule set in one line, e.g. "5% back · max €5.00 per purchase". */
  earnDetail: string | null;
  /** "Free to join" or "€4.99 per month". */
  membershipLabel: string;
  paysIn: string;
  address: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  website: string | null;
  openingHours: string | null;
  socialLinks: SocialLink[];
};

function headline(rule: Rule, currency: Currency): string {
  switch (rule.type) {
    case "percentage":
      return rule.bps > 0 ? `${formatBps(rule.bps, "en-GB")} cashback` : "Cashback on your purchases";
    case "flat":
      return rule.amountMinor > 0n ? `${formatMoney(rule.amountMinor, currency)} back on every purchase` : "Cashback on your purchases";
    case "tiered": {
      const rewards = rule.brackets.map((b) => b.reward);
      const flats = rewards.filter((r) => r.type === "flat").map((r) => r.amountMinor);
      const pcts = rewards.filter((r) => r.type === "percentage").map((r) => r.bps);
      if (pcts.length > 0 && flats.length === 0) return `Up to ${formatBps(Math.max(...pcts), "en-GB")} cashback`;
      if (flats.length > 0 && pcts.length === 0) return `Up to ${formatMoney(flats.reduce((a, b) => (b > a ? b : a)), currency)} back per purchase`;
      return "More cashback the more you spend";
    }
  }
}

/** What a member earns, summarised from the program's rule set (a rule set that does not parse shows nothing specific). */
export function describeEarning(ruleSetJson: unknown, currency: Currency): { earnHeadline: string; earnDetail: string | null } {
  const parsed = parseRuleSet(ruleSetJson);
  if (!parsed.ok) return { earnHeadline: "Cashback on your purchases", earnDetail: null };
  const rs = parsed.ruleSet;
  // A lone percentage or flat base says it all in the headline; anything more (brackets, campaigns, caps) gets the detail line.
  const extras =
    rs.base.type === "tiered" ||
    (rs.campaigns?.length ?? 0) > 0 ||
    (rs.categoryRules?.length ?? 0) > 0 ||
    (rs.excludedCategories?.length ?? 0) > 0 ||
    (rs.excludedSkus?.length ?? 0) > 0 ||
    rs.minBasketMinor !== undefined ||
    rs.perPurchaseCapMinor !== undefined ||
    rs.perPeriodCap !== undefined;
  return { earnHeadline: headline(rs.base, currency), earnDetail: extras ? describeRuleSet(rs, currency) : null };
}

/**
 * A paid membership is priced in the program currency; points programs have no price currency, so their
 * membership is always free (enforced by the settings).
 */
export function membershipLabel(priceMinor: bigint | null, interval: "MONTH" | "YEAR" | null, currency: Currency): string {
  if (priceMinor === null || interval === null || currency === "PTS") return "Free to join";
  return `${formatMoney(priceMinor, currency)} per ${interval === "MONTH" ? "month" : "year"}`;
}

export function paysIn(currency: Currency): string {
  return currency === "PTS" ? "points" : currency;
}

/** Social links as stored (JSON); anything malformed is dropped rather than shown. */
export function readSocialLinks(json: unknown): SocialLink[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((item: unknown) => {
    if (typeof item !== "object" || item === null) return [];
    const label: unknown = Reflect.get(item, "label");
    const url: unknown = Reflect.get(item, "url");
    return typeof label === "string" && typeof url === "string" && url.startsWith("https://") ? [{ label, url }] : [];
  });
}
