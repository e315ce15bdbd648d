import type { Currency } from "@/lib/money/currency";

export type { Currency };

export type CapPeriod = "day" | "week" | "month";

/** A fixed reward in the program currency's minor units (cents, or points), once per rewarded line. */
export type FlatRule = { type: "flat"; amountMinor: bigint };

/** Basis points of the basket: 100 bps = 1%, 10000 = 100%. */
export type PercentageRule = { type: "percentage"; bps: number };

export type BracketReward = FlatRule | PercentageRule;

/**
 * The basket is in this bracket when `fromMinor <= basket < upToMinor` (upper bound exclusive, so brackets
 * share their edges without overlapping). Only the last bracket may leave `upToMinor` out (open-ended).
 * Bounds are in the purchase currency's minor units.
 */
export type Bracket = { fromMinor: bigint; upToMinor?: bigint; reward: BracketReward };

/** Independent brackets: the basket falls in one and that bracket's reward applies to the whole basket. */
export type TieredRule = { type: "tiered"; brackets: readonly Bracket[] };

export type Rule = FlatRule | PercentageRule | TieredRule;

export type CategoryRule = { category: string; rule: Rule };

/**
 * Active when `startsAt <= occurredAt < endsAt`. Member scope: the member's segment must be in `segments`
 * and their tier in `tiers` (each when given). Item scope: an item matches when its category is in
 * `categories` or its SKU is in `skus`; with neither, the campaign covers the whole basket.
 */
export type Campaign = {
  name: string;
  startsAt: Date;
  endsAt: Date;
  rule: Rule;
  segments?: readonly string[];
  tiers?: readonly string[];
  categories?: readonly string[];
  skus?: readonly string[];
};

export type PerPeriodCap = { amountMinor: bigint; period: CapPeriod };

/**
 * What a program pays. Reward amounts and caps are in the program currency; thresholds that measure the
 * basket (brackets, `minBasketMinor`) are in the purchase currency.
 */
export type RuleSet = {
  base: Rule;
  campaigns?: readonly Campaign[];
  excludedSkus?: readonly string[];
  excludedCategories?: readonly string[];
  categoryRules?: readonly CategoryRule[];
  minBasketMinor?: bigint;
  perPurchaseCapMinor?: bigint;
  perPeriodCap?: PerPeriodCap;
};

/** `amountMinor` is what was paid for the whole line (quantity included, net of line discounts). */
export type PurchaseItem = { sku: string; category?: string | null; amountMinor: bigint; quantity: number };

export type PurchaseMember = { segment?: string | null; tier?: string | null };

export type Purchase = {
  amountMinor: bigint;
  currency: Currency;
  occurredAt: Date;
  items?: readonly PurchaseItem[];
  member: PurchaseMember;
};

export type EvaluationContext = {
  /** The program currency: the reward is paid in it. */
  currency: Currency;
  /** What this member already earned in the current cap period; the caller computes it. */
  earnedInPeriodMinor: bigint;
  /** For the explanation text; defaults to en-GB like `formatMoney`. */
  locale?: string;
};

export type LineSource = { kind: "base" } | { kind: "category"; category: string } | { kind: "campaign"; name: string };

export type RewardLine = {
  /** "Basket", "Category shoes", "Campaign Spring". */
  label: string;
  source: LineSource;
  basketMinor: bigint;
  /** Before caps. */
  rewardMinor: bigint;
  /** The rule as configured when it was applied (the snapshot a reversal relies on). */
  rule: Rule;
  /** For tiered rules: the bracket the basket fell in, if any. */
  bracket?: Bracket;
  /** "1% of €42.10". */
  text: string;
};

export type Evaluation = {
  amountMinor: bigint;
  currency: Currency;
  explanation: string;
  lines: RewardLine[];
  capped: boolean;
  reasons: string[];
  /** Basket after exclusions, in the purchase currency. */
  eligibleMinor: bigint;
  excludedMinor: bigint;
  /** Sum of the lines before caps. */
  uncappedMinor: bigint;
};
