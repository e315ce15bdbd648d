import "server-only";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record-audit";
import { DomainError } from "@/lib/errors";
import { actorRole } from "@/lib/providers/invite-staff";
import type { Currency } from "@/lib/money/currency";
import { DEFAULT_RULE_SET, parseRuleSet, serializeRuleSet, type RuleSetJson } from "@/lib/rules";
import { requireProviderProgram } from "./get-integration";

export const RULE_EDITORS: readonly StaffRole[] = ["OWNER", "MANAGER"];

export type UpdateProgramRulesInput = {
  providerId: string;
  programId: string;
  /** The ruleVersion the editor was opened at; a different current version means someone saved in between. */
  expectedVersion: number;
  /** As the form sends it: validated here with the engine's own schema. */
  ruleSet: unknown;
  note?: string | null;
  actor: { userId: string };
};

export type UpdateProgramRulesResult = { version: number; ruleSet: RuleSetJson };

/** Owners and managers of the provider may edit its rules; anyone else is refused, another tenant sees nothing. */
export async function assertRuleEditor(db: DbOrTx, providerId: string, userId: string): Promise<void> {
  const role = await actorRole(db, providerId, userId);
  if (!RULE_EDITORS.includes(role)) throw new DomainError("FORBIDDEN", "Only owners and managers can change the cashback rules.");
}

/**
 * Saves a program's rule set: validated by the rules engine's schema (400 naming the field), refused with 409
 * when the rules changed since the editor was opened, otherwise the version goes up by one and the new rules,
 * their version row and an audit entry (before → after) are written in one transaction.
 */
export async function updateProgramRules(db: DbOrTx, input: UpdateProgramRulesInput): Promise<UpdateProgramRulesResult> {
  await assertRuleEditor(db, input.providerId, input.actor.userId);
  await requireProviderProgram(db, input.providerId, input.programId);
  const parsed = parseRuleSet(input.ruleSet);
  if (!parsed.ok) {
    const field = parsed.error.field ? `ruleSet.${parsed.error.field}` : "ruleSet";
    throw new DomainError("VALIDATION", parsed.error.message, { field });
  }
  const next = serializeRuleSet(parsed.ruleSet);
  const note = input.note?.trim() ? input.note.trim().slice(0, 500) : null;

  return inTransaction(db, async (tx) => {
    // Row lock: two editors saving at once are serialised, so the second one sees the first one's version.
    await tx.$queryRaw`SELECT id FROM programs WHERE id = ${input.programId}::uuid FOR UPDATE`;
    const program = await tx.program.findUniqueOrThrow({ where: { id: input.programId }, select: { ruleVersion: true, ruleSet: true } });
    const current = { rule_version: program.ruleVersion, rule_set: program.ruleSet ?? {} };
    if (current.rule_version !== input.expectedVersion) {
      throw new DomainError(
        "CONFLICT",
        `The rules changed since you opened them (you edited version ${input.expectedVersion}, version ${current.rule_version} is now in force). Reload to see the latest rules, then make your change again.`,
        { field: "expectedVersion" },
      );
    }
    const version = current.rule_version + 1;
    // Programs created after versioning began have no row for their first rules yet: keep them as history.
    const previousRow = await tx.ruleSetVersion.findUnique({ where: { programId_version: { programId: input.programId, version: current.rule_version } }, select: { version: true } });
    if (!previousRow) {
      await tx.ruleSetVersion.create({
        data: { programId: input.programId, version: current.rule_version, ruleSet: current.rule_set, note: "rules before the first recorded change" },
      });
    }
    await tx.program.update({ where: { id: input.programId }, data: { ruleSet: next, ruleVersion: version } });
    await tx.ruleSetVersion.create({ data: { programId: input.programId, version, ruleSet: next, createdById: input.actor.userId, note } });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.actor.userId },
      action: "program.rules.update",
      providerId: input.providerId,
      programId: input.programId,
      target: { type: "program", id: input.programId },
      before: { version: current.rule_version, ruleSet: current.rule_set },
      after: { version, ruleSet: next },
      reason: note,
    });
    return { version, ruleSet: next };
  });
}

export type ProgramRulesView = {
  programId: string;
  name: string;
  currency: Currency;
  version: number;
  ruleSet: RuleSetJson;
  /** Set when the stored rules do not pass the engine's schema: the editor starts from nothing-paid rules. */
  storedError: string | null;
};

/** The editor's starting point: the program's rules in force and their version. */
export async function getProgramRules(db: DbOrTx, providerId: string, programId: string): Promise<ProgramRulesView> {
  await requireProviderProgram(db, providerId, programId);
  const program = await db.program.findUniqueOrThrow({ where: { id: programId }, select: { id: true, name: true, currency: true, ruleSet: true, ruleVersion: true } });
  const parsed = parseRuleSet(program.ruleSet);
  return {
    programId: program.id,
    name: program.name,
    currency: program.currency,
    version: program.ruleVersion,
    ruleSet: serializeRuleSet(parsed.ok ? parsed.ruleSet : DEFAULT_RULE_SET),
    storedError: parsed.ok ? null : parsed.error.message,
  };
}
