import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/money/currency";
import { describeRuleSet, parseRuleSet } from "@/lib/rules";
import { requireProviderProgram } from "./get-integration";

export type RuleChange = { path: string; before: string | null; after: string | null };

export type RuleVersionRow = {
  version: number;
  createdAt: Date;
  note: string | null;
  author: { name: string | null; email: string } | null;
  /** One line for humans ("5% back · max €5.00 per purchase"), or why the stored rules cannot be read. */
  summary: string;
  /** What differs from the version before it; empty for the first recorded one. */
  changes: RuleChange[];
  isFirst: boolean;
};

/** Every leaf of a JSON value by dotted path ("campaigns.0.rule.bps" → "1000"). */
export function flattenJson(value: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((v, i) => flattenJson(v, prefix ? `${prefix}.${i}` : String(i), out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) flattenJson(v, prefix ? `${prefix}.${k}` : k, out);
  else if (value !== undefined) out.set(prefix, value === null ? "null" : String(value));
  return out;
}

/** The leaves that differ between two rule sets, in a stable order. */
export function diffRuleSets(before: unknown, after: unknown): RuleChange[] {
  const a = flattenJson(before);
  const b = flattenJson(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((path) => ({ path, before: a.get(path) ?? null, after: b.get(path) ?? null }));
}

function summarise(json: unknown, currency: Currency): string {
  const parsed = parseRuleSet(json);
  return parsed.ok ? describeRuleSet(parsed.ruleSet, currency) : `Unreadable rules (${parsed.error.message})`;
}

/** The program's rule history, newest first, each with who saved it and what changed from the one before. */
export async function listRuleVersions(db: DbOrTx, providerId: string, programId: string, limit = 50): Promise<RuleVersionRow[]> {
  const program = await requireProviderProgram(db, providerId, programId);
  // One extra row so the oldest one shown can still be compared with its predecessor.
  const rows = await db.ruleSetVersion.findMany({ where: { programId }, orderBy: { version: "desc" }, take: limit + 1 });
  const authorIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => id !== null))];
  const users = authorIds.length > 0 ? await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, { name: u.name, email: u.email }]));
  return rows.slice(0, limit).map((row, i) => {
    const previous = rows[i + 1];
    return {
      version: row.version,
      createdAt: row.createdAt,
      note: row.note,
      author: row.createdById ? (byId.get(row.createdById) ?? null) : null,
      summary: summarise(row.ruleSet, program.currency),
      changes: previous ? diffRuleSets(previous.ruleSet, row.ruleSet) : [],
      isFirst: !previous,
    };
  });
}
