import { z } from "zod";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { releaseFundedWithdrawals } from "@/lib/withdrawals/funding-gate";

export const fundingSettingsSchema = z.object({
  programId: z.uuid(),
  withdrawOnlyFunded: z.boolean(),
  /** Minor units of the program's currency; null: no low-balance e-mail. */
  lowBalanceThresholdMinor: z
    .string()
    .regex(/^\d{1,12}$/, "Enter the threshold as a whole number of cents, or leave it empty.")
    .transform((v) => BigInt(v))
    .nullable(),
});

/**
 * The owner's funding choices for a program: whether members may withdraw only what the business has prepaid,
 * and the prepaid balance below which the owner is e-mailed. Turning the first off sends what was waiting.
 */
export async function updateFundingSettings(db: DbOrTx, providerId: string, input: z.input<typeof fundingSettingsSchema>, actor: { userId: string }) {
  const data = fundingSettingsSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const program = await tx.program.findUnique({ where: { id: data.programId }, select: { providerId: true, currency: true, withdrawOnlyFunded: true, lowBalanceThresholdMinor: true } });
    if (!program || program.providerId !== providerId) throw new DomainError("NOT_FOUND", "That program does not exist.", { field: "programId" });
    if (program.currency === "PTS") throw new DomainError("VALIDATION", "Points cannot be withdrawn, so there is nothing to fund.", { field: "programId" });
    await tx.program.update({ where: { id: data.programId }, data: { withdrawOnlyFunded: data.withdrawOnlyFunded, lowBalanceThresholdMinor: data.lowBalanceThresholdMinor } });
    await recordAudit(tx, {
      actor: { type: "USER", id: actor.userId },
      action: "program.funding_settings",
      target: { type: "program", id: data.programId },
      before: { withdrawOnlyFunded: program.withdrawOnlyFunded, lowBalanceThresholdMinor: program.lowBalanceThresholdMinor?.toString() ?? null },
      after: { withdrawOnlyFunded: data.withdrawOnlyFunded, lowBalanceThresholdMinor: data.lowBalanceThresholdMinor?.toString() ?? null },
      providerId,
    });
    const { released } = data.withdrawOnlyFunded ? { released: 0 } : await releaseFundedWithdrawals(tx, providerId, program.currency);
    return { withdrawOnlyFunded: data.withdrawOnlyFunded, lowBalanceThresholdMinor: data.lowBalanceThresholdMinor?.toString() ?? null, released };
  });
}
