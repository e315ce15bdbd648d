import { parseRuleSet, type Rule } from "@/lib/rules";

function pays(rule: Rule): boolean {
  if (rule.type === "percentage") return rule.bps > 0;
  if (rule.type === "flat") return rule.amountMinor > 0n;
  return rule.brackets.some((b) => pays(b.reward));
}

/** Whether the rule set pays anything anywhere: base, category rules or campaigns. */
export function hasPayingRule(json: unknown): boolean {
  const parsed = parseRuleSet(json);
  if (!parsed.ok) return false;
  const { base, categoryRules, campaigns } = parsed.ruleSet;
  return pays(base) || (categoryRules ?? []).some((c) => pays(c.rule)) || (campaigns ?? []).some((c) => pays(c.rule));
}

export type PublishBlocker = "rules" | "branding";

/**
 * What stops a program page from going live: a page that promises cashback needs a rule that pays something,
 * and the branding basics (a logo or a few words about the business). Empty when it may be published.
 */
export function publishBlockers(program: { ruleSet: unknown; logoKey: string | null; description: string | null }): PublishBlocker[] {
  const blockers: PublishBlocker[] = [];
  if (!hasPayingRule(program.ruleSet)) blockers.push("rules");
  if (program.logoKey === null && !program.description?.trim()) blockers.push("branding");
  return blockers;
}

const BLOCKER_WORDS: Record<PublishBlocker, string> = {
  rules: "a cashback rule that pays something (Rules)",
  branding: "a logo or a description of your business (Branding)",
};

/** "Publishing needs a cashback rule that pays something (Rules) and a logo or …". */
export function describePublishBlockers(blockers: PublishBlocker[]): string {
  return `Publishing needs ${blockers.map((b) => BLOCKER_WORDS[b]).join(" and ")}.`;
}
