import { z } from "zod";
import { BPS_PER_WHOLE, isBps } from "@/lib/money/bps";
import { CURRENCIES } from "@/lib/money/currency";
import type { Bracket, Campaign, CategoryRule, Purchase, Rule, RuleSet } from "./types";

const AMOUNT_MESSAGE =
  'Expected a whole, non-negative amount in minor units, as an integer or an integer string (e.g. 500 or "500" for €5.00); no decimals, signs or exponents';

// BigInt isn't JSON, so amounts arrive as safe integers or digit strings. 30 digits is far beyond any real
// amount and keeps absurd input from becoming an absurd bigint.
const AMOUNT_STRING = /^(0|[1-9][0-9]{0,29})$/;

export const minorAmountSchema = z.unknown().transform((value, ctx): bigint => {
  if (typeof value === "bigint" && value >= 0n) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && AMOUNT_STRING.test(value)) return BigInt(value);
  ctx.addIssue({ code: "custom", message: value === undefined ? "Required" : AMOUNT_MESSAGE });
  return z.NEVER;
});

export const instantSchema = z.unknown().transform((value, ctx): Date => {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === "string" && z.iso.datetime({ offset: true }).safeParse(value).success) return new Date(value);
  ctx.addIssue({
    code: "custom",
    message: value === undefined ? "Required" : "Expected an ISO date-time with a time zone, e.g. 2026-03-01T00:00:00Z",
  });
  return z.NEVER;
});

const nameSchema = z.string().trim().min(1, "Must not be empty").max(100, "Use at most 100 characters");

/** An allow/deny list; an empty list is refused because "nobody" and "everybody" would both be plausible readings. */
const nameListSchema = z.array(nameSchema).min(1, "List at least one, or leave the field out").max(1000, "Use at most 1000 entries");

const bpsSchema = z
  .number({ error: "Expected basis points as a whole number (100 = 1%)" })
  .int("Expected basis points as a whole number (100 = 1%)")
  .min(0, `Must be between 0 and ${BPS_PER_WHOLE} basis points (0–100%)`)
  .max(Number(BPS_PER_WHOLE), `Must be between 0 and ${BPS_PER_WHOLE} basis points (0–100%)`);

const flatRuleSchema = z.strictObject({ type: z.literal("flat"), amountMinor: minorAmountSchema });
const percentageRuleSchema = z.strictObject({ type: z.literal("percentage"), bps: bpsSchema });

const bracketRewardSchema = z.discriminatedUnion("type", [flatRuleSchema, percentageRuleSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'A bracket\'s reward type must be "flat" or "percentage"' : undefined),
});

const bracketSchema = z.strictObject({
  fromMinor: minorAmountSchema,
  upToMinor: minorAmountSchema.optional(),
  reward: bracketRewardSchema,
}) satisfies z.ZodType<Bracket>;

const tieredRuleSchema = z
  .strictObject({
    type: z.literal("tiered"),
    brackets: z.array(bracketSchema).min(1, "Add at least one bracket").max(50, "Use at most 50 brackets"),
  })
  .superRefine((rule, ctx) => {
    // Contiguous and ordered, so any basket from the first bracket's start up falls in exactly one bracket.
    rule.brackets.forEach((bracket, i) => {
      const isLast = i === rule.brackets.length - 1;
      if (bracket.upToMinor === undefined) {
        if (!isLast) ctx.addIssue({ code: "custom", path: ["brackets", i, "upToMinor"], message: "Only the last bracket may be open-ended" });
      } else if (bracket.upToMinor <= bracket.fromMinor) {
        ctx.addIssue({ code: "custom", path: ["brackets", i, "upToMinor"], message: "Must be greater than fromMinor (the upper bound is exclusive)" });
      }
      const previous = rule.brackets[i - 1];
      if (previous?.upToMinor !== undefined && bracket.fromMinor !== previous.upToMinor) {
        ctx.addIssue({
          code: "custom",
          path: ["brackets", i, "fromMinor"],
          message: `Must equal the previous bracket's upToMinor (${previous.upToMinor}) so brackets neither overlap nor leave a gap`,
        });
      }
    });
  });

export const ruleSchema = z.discriminatedUnion("type", [flatRuleSchema, percentageRuleSchema, tieredRuleSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'Rule type must be "flat", "percentage" or "tiered"' : undefined),
}) satisfies z.ZodType<Rule>;

const campaignSchema = z
  .strictObject({
    name: nameSchema,
    startsAt: instantSchema,
    endsAt: instantSchema,
    rule: ruleSchema,
    segments: nameListSchema.optional(),
    tiers: nameListSchema.optional(),
    categories: nameListSchema.optional(),
    skus: nameListSchema.optional(),
  })
  .superRefine((campaign, ctx) => {
    if (campaign.endsAt.getTime() <= campaign.startsAt.getTime()) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Must be after startsAt (the end is exclusive)" });
    }
  }) satisfies z.ZodType<Campaign>;

const categoryRuleSchema = z.strictObject({ category: nameSchema, rule: ruleSchema }) satisfies z.ZodType<CategoryRule>;

export const ruleSetSchema = z
  .strictObject({
    base: ruleSchema,
    campaigns: z.array(campaignSchema).max(100, "Use at most 100 campaigns").optional(),
    excludedSkus: nameListSchema.optional(),
    excludedCategories: nameListSchema.optional(),
    categoryRules: z.array(categoryRuleSchema).max(200, "Use at most 200 category rules").optional(),
    minBasketMinor: minorAmountSchema.optional(),
    perPurchaseCapMinor: minorAmountSchema.optional(),
    perPeriodCap: z
      .strictObject({
        amountMinor: minorAmountSchema,
        period: z.enum(["day", "week", "month"], { error: 'Period must be "day", "week" or "month"' }),
      })
      .optional(),
  })
  .superRefine((ruleSet, ctx) => {
    // Names label lines and explanations, and a category must map to one rule.
    const seenCampaigns = new Set<string>();
    ruleSet.campaigns?.forEach((campaign, i) => {
      if (seenCampaigns.has(campaign.name)) ctx.addIssue({ code: "custom", path: ["campaigns", i, "name"], message: `Another campaign is already named "${campaign.name}"` });
      seenCampaigns.add(campaign.name);
    });
    const seenCategories = new Set<string>();
    ruleSet.categoryRules?.forEach((categoryRule, i) => {
      if (seenCategories.has(categoryRule.category)) {
        ctx.addIssue({ code: "custom", path: ["categoryRules", i, "category"], message: `"${categoryRule.category}" already has a rule` });
      }
      seenCategories.add(categoryRule.category);
    });
  }) satisfies z.ZodType<RuleSet>;

export const purchaseSchema = z.strictObject({
  amountMinor: minorAmountSchema,
  currency: z.enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}` }),
  occurredAt: instantSchema,
  items: z
    .array(
      z.strictObject({
        sku: nameSchema,
        category: nameSchema.nullish(),
        amountMinor: minorAmountSchema,
        quantity: z.number().int("Expected a whole quantity").min(1, "Must be at least 1"),
      }),
    )
    .max(1000, "Use at most 1000 items")
    .optional(),
  member: z.strictObject({ segment: nameSchema.nullish(), tier: nameSchema.nullish() }),
}) satisfies z.ZodType<Purchase>;

export type ValidationError = { message: string; field?: string };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

export type ParseRuleSetResult = { ok: true; ruleSet: RuleSet } | { ok: false; error: ValidationError };

/** The first issue as one sentence naming the field, e.g. "campaigns.0.endsAt: Must be after startsAt". */
function describeIssue(error: z.ZodError): ValidationError {
  const issue = error.issues[0];
  if (!issue) return { message: "Invalid rule set" };
  const path = issue.path.map(String);
  // An unknown key is the field at fault, not its parent object.
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = path.length > 0 ? path.join(".") : undefined;
  return { message: field ? `${field}: ${issue.message}` : issue.message, field };
}

// A missing field says so plainly instead of "expected object, received undefined".
const requiredMessage: z.core.$ZodErrorMap = (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "Required" : undefined);

/** Validates a rule set as stored on a program (JSON, bigints as strings or safe integers). */
export function parseRuleSet(json: unknown): ParseRuleSetResult {
  const result = ruleSetSchema.safeParse(json, { error: requiredMessage });
  return result.success ? { ok: true, ruleSet: result.data } : { ok: false, error: describeIssue(result.error) };
}

export function parsePurchase(json: unknown): ParseResult<Purchase> {
  const result = purchaseSchema.safeParse(json, { error: requiredMessage });
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssue(result.error) };
}

export type FlatRuleJson = { type: "flat"; amountMinor: string };
export type PercentageRuleJson = { type: "percentage"; bps: number };
export type BracketJson = { fromMinor: string; upToMinor?: string; reward: FlatRuleJson | PercentageRuleJson };
export type RuleJson = FlatRuleJson | PercentageRuleJson | { type: "tiered"; brackets: BracketJson[] };
export type CampaignJson = {
  name: string;
  startsAt: string;
  endsAt: string;
  rule: RuleJson;
  segments?: string[];
  tiers?: string[];
  categories?: string[];
  skus?: string[];
};
export type RuleSetJson = {
  base: RuleJson;
  campaigns?: CampaignJson[];
  excludedSkus?: string[];
  excludedCategories?: string[];
  categoryRules?: { category: string; rule: RuleJson }[];
  minBasketMinor?: string;
  perPurchaseCapMinor?: string;
  perPeriodCap?: { amountMinor: string; period: "day" | "week" | "month" };
};

function serializeReward(reward: Bracket["reward"]): FlatRuleJson | PercentageRuleJson {
  return reward.type === "flat" ? { type: "flat", amountMinor: reward.amountMinor.toString() } : { type: "percentage", bps: reward.bps };
}

export function serializeRule(rule: Rule): RuleJson {
  if (rule.type !== "tiered") return serializeReward(rule);
  return {
    type: "tiered",
    brackets: rule.brackets.map((bracket) => ({
      fromMinor: bracket.fromMinor.toString(),
      ...(bracket.upToMinor !== undefined && { upToMinor: bracket.upToMinor.toString() }),
      reward: serializeReward(bracket.reward),
    })),
  };
}

function serializeCampaign(campaign: Campaign): CampaignJson {
  return {
    name: campaign.name,
    startsAt: campaign.startsAt.toISOString(),
    endsAt: campaign.endsAt.toISOString(),
    rule: serializeRule(campaign.rule),
    ...(campaign.segments && { segments: [...campaign.segments] }),
    ...(campaign.tiers && { tiers: [...campaign.tiers] }),
    ...(campaign.categories && { categories: [...campaign.categories] }),
    ...(campaign.skus && { skus: [...campaign.skus] }),
  };
}

/** The JSON-safe form stored on a program: bigints as digit strings, dates as ISO strings. */
export function serializeRuleSet(ruleSet: RuleSet): RuleSetJson {
  return {
    base: serializeRule(ruleSet.base),
    ...(ruleSet.campaigns && { campaigns: ruleSet.campaigns.map(serializeCampaign) }),
    ...(ruleSet.excludedSkus && { excludedSkus: [...ruleSet.excludedSkus] }),
    ...(ruleSet.excludedCategories && { excludedCategories: [...ruleSet.excludedCategories] }),
    ...(ruleSet.categoryRules && {
      categoryRules: ruleSet.categoryRules.map((c) => ({ category: c.category, rule: serializeRule(c.rule) })),
    }),
    ...(ruleSet.minBasketMinor !== undefined && { minBasketMinor: ruleSet.minBasketMinor.toString() }),
    ...(ruleSet.perPurchaseCapMinor !== undefined && { perPurchaseCapMinor: ruleSet.perPurchaseCapMinor.toString() }),
    ...(ruleSet.perPeriodCap && {
      perPeriodCap: { amountMinor: ruleSet.perPeriodCap.amountMinor.toString(), period: ruleSet.perPeriodCap.period },
    }),
  };
}

/** A percentage of every eligible basket and nothing else. */
export function percentageRuleSet(bps: number): RuleSet {
  if (!isBps(bps)) throw new RangeError(`bps must be a whole number from 0 to ${BPS_PER_WHOLE}, got ${bps}`);
  return { base: { type: "percentage", bps } };
}

/** A program that has not configured any rule yet pays nothing. */
export const DEFAULT_RULE_SET: RuleSet = percentageRuleSet(0);
