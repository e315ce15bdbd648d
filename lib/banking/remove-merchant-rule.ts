import "server-only";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";

/** Removes one of the provider's merchant rules (audit-logged). Purchases it already matched stay. */
export async function removeMerchantRule(db: DbOrTx, input: { providerId: string; ruleId: string; actorUserId: string }): Promise<{ id: string }> {
  return inTransaction(db, async (tx) => {
    const rule = await tx.merchantMatchRule.findFirst({ where: { id: input.ruleId, program: { providerId: input.providerId } }, select: { id: true, programId: true, kind: true, pattern: true } });
    if (!rule) throw new DomainError("NOT_FOUND", "That rule does not exist or is not yours.");
    await tx.merchantMatchRule.delete({ where: { id: rule.id } });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.actorUserId },
      action: "program.merchant_rule.remove",
      providerId: input.providerId,
      programId: rule.programId,
      target: { type: "merchant_match_rule", id: rule.id },
      before: { kind: rule.kind, pattern: rule.pattern },
    });
    return { id: rule.id };
  });
}
