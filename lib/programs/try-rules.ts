import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { Currency } from "@/lib/money/currency";
import { evaluate, parsePurchase, parseRuleSet } from "@/lib/rules";
import { requireProviderProgram } from "./get-integration";

export type TryRulesInput = {
  providerId: string;
  programId: string;
  /** The rules as they stand in the editor, saved or not. */
  ruleSet: unknown;
  /** Minor units as a digit string or safe integer, items and date optional (now when left out). */
  purchase: { amountMinor: unknown; items?: unknown; occurredAt?: unknown; segment?: string | null; tier?: string | null };
  now?: Date;
};

export type TryRulesResult = {
  amountMinor: bigint;
  currency: Currency;
  basketCurrency: Currency;
  explanation: string;
  lines: { label: string; text: string; rewardMinor: bigint }[];
  reasons: string[];
  capped: boolean;
};

/**
 * What a basket would earn under a rule set, with the engine's explanation: the pure engine, run on the
 * server against the editor's unsaved rules. Nothing is recorded. The per-period cap counts nothing earned
 * before, as for a member's first purchase of the period.
 */
export async function tryRules(db: DbOrTx, input: TryRulesInput): Promise<TryRulesResult> {
  const program = await requireProviderProgram(db, input.providerId, input.programId);
  const rules = parseRuleSet(input.ruleSet);
  if (!rules.ok) throw new DomainError("VALIDATION", rules.error.message, { field: rules.error.field ? `ruleSet.${rules.error.field}` : "ruleSet" });
  // A points program rewards baskets in money; euros stand in for them here.
  const basketCurrency: Currency = program.currency === "PTS" ? "EUR" : program.currency;
  const purchase = parsePurchase({
    amountMinor: input.purchase.amountMinor,
    currency: basketCurrency,
    occurredAt: input.purchase.occurredAt ?? (input.now ?? new Date()).toISOString(),
    ...(input.purchase.items !== undefined && { items: input.purchase.items }),
    member: { segment: input.purchase.segment?.trim() || null, tier: input.purchase.tier?.trim() || null },
  });
  if (!purchase.ok) throw new DomainError("VALIDATION", purchase.error.message, { field: purchase.error.field ? `purchase.${purchase.error.field}` : "purchase" });
  const result = evaluate(rules.ruleSet, purchase.value, { currency: program.currency, earnedInPeriodMinor: 0n });
  return {
    amountMinor: result.amountMinor,
    currency: result.currency,
    basketCurrency,
    explanation: result.explanation,
    lines: result.lines.map((l) => ({ label: l.label, text: l.text, rewardMinor: l.rewardMinor })),
    reasons: result.reasons,
    capped: result.capped,
  };
}
