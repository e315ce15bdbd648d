export { evaluate, applyRule, findBracket, percentOf, type AppliedRule } from "./evaluate";
export { describeRuleSet, type DescribeOptions } from "./describe";
export {
  parseRuleSet,
  parsePurchase,
  serializeRuleSet,
  serializeRule,
  percentageRuleSet,
  DEFAULT_RULE_SET,
  ruleSetSchema,
  ruleSchema,
  purchaseSchema,
  minorAmountSchema,
  instantSchema,
  type ParseRuleSetResult,
  type ParseResult,
  type ValidationError,
  type RuleSetJson,
  type RuleJson,
  type CampaignJson,
  type BracketJson,
} from "./schema";
export * from "./types";
