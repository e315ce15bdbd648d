import "server-only";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import type { MerchantMatchKind } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { cleanPattern } from "./match-merchant";
import { programOfProvider, type MerchantRuleView } from "./merchant-rules";

/** Adds a rule recognising the provider's transactions in members' linked accounts (audit-logged). */
export async function addMerchantRule(
  db: DbOrTx,
  input: { providerId: string; programId: string; kind: MerchantMatchKind; pattern: string; actorUserId: string },
): Promise<MerchantRuleView> {
  const cleaned = cleanPattern(input.kind, input.pattern);
  if ("error" in cleaned) throw new DomainError("VALIDATION", cleaned.error, { field: "pattern" });
  return inTransaction(db, async (tx) => {
    await programOfProvider(tx, input.providerId, input.programId);
    const [rule] = await tx.merchantMatchRule.createManyAndReturn({
      data: [{ programId: input.programId, kind: input.kind, pattern: cleaned.pattern }],
      skipDuplicates: true,
      select: { id: true, programId: true, kind: true, pattern: true, createdAt: true },
    });
    if (!rule) throw new DomainError("CONFLICT", "That rule already exists.", { field: "pattern" });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.actorUserId },
      action: "program.merchant_rule.add",
      providerId: input.providerId,
      programId: input.programId,
      target: { type: "merchant_match_rule", id: rule.id },
      after: { kind: rule.kind, pattern: rule.pattern },
    });
    return rule;
  });
}
