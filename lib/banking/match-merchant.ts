import type { MerchantMatchKind } from "@/lib/db/generated/enums";

export type MerchantRule = { programId: string; kind: MerchantMatchKind; pattern: string };
export type MerchantFacts = { merchantName: string | null; merchantEntityId: string | null };

/** Case- and accent-insensitive form of a merchant name: "Café  AURORA" and "cafe aurora" are the same. */
export function normaliseMerchantName(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** NAME: exact, or prefix when the pattern ends with "*"; ENTITY_ID: Plaid's merchant_entity_id, exactly. */
export function ruleMatches(rule: Pick<MerchantRule, "kind" | "pattern">, facts: MerchantFacts): boolean {
  if (rule.kind === "ENTITY_ID") return facts.merchantEntityId !== null && facts.merchantEntityId === rule.pattern.trim();
  if (!facts.merchantName) return false;
  const name = normaliseMerchantName(facts.merchantName);
  const pattern = rule.pattern.trim();
  if (pattern.endsWith("*")) {
    const prefix = normaliseMerchantName(pattern.slice(0, -1));
    return prefix.length > 0 && name.startsWith(prefix);
  }
  return name === normaliseMerchantName(pattern);
}

/** The program whose rules recognise the transaction: entity-id rules first (they are exact), then names. */
export function matchProgram(rules: readonly MerchantRule[], facts: MerchantFacts): string | null {
  const byEntity = rules.find((r) => r.kind === "ENTITY_ID" && ruleMatches(r, facts));
  if (byEntity) return byEntity.programId;
  return rules.find((r) => r.kind === "NAME" && ruleMatches(r, facts))?.programId ?? null;
}

/** Validates a rule as a provider types it; returns the stored pattern or an error message. */
export function cleanPattern(kind: MerchantMatchKind, raw: string): { pattern: string } | { error: string } {
  const pattern = raw.trim().replace(/\s+/g, " ");
  if (!pattern) return { error: "Enter a merchant name or id" };
  if (pattern.length > 120) return { error: "At most 120 characters" };
  if (kind === "ENTITY_ID") {
    if (!/^[A-Za-z0-9_-]+$/.test(pattern)) return { error: "A merchant entity id has only letters, digits, - and _" };
    return { pattern };
  }
  if (pattern.indexOf("*") !== -1 && pattern.indexOf("*") !== pattern.length - 1) return { error: "A * may only end the name (prefix match)" };
  if (normaliseMerchantName(pattern.replace(/\*$/, "")).length < 3) return { error: "Use at least 3 letters, so the rule cannot match every shop" };
  return { pattern };
}
