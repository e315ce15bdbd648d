import type { DbOrTx } from "@/lib/db/client";
import type { Currency, ProcessingMode } from "@/lib/db/generated/enums";
import { percentageRuleSet, serializeRuleSet } from "@/lib/rules";
import { DomainError } from "@/lib/errors";
import { initialProviderStatus } from "./provider-status";
import { ensureWebhookSecret } from "@/lib/programs/webhook-secrets";

export type CreateProviderInput = {
  name: string;
  slug: string;
  ownerUserId: string;
  currency?: Currency;
  description?: string;
  /** A base percentage rule, in basis points (0 when left out: the provider sets rules later). */
  cashbackBps?: number;
  processingMode?: ProcessingMode;
  holdDays?: number;
};

/** A business with its first program (same name and slug) and its owner. */
export async function createProvider(db: DbOrTx, input: CreateProviderInput) {
  const taken = await db.provider.findUnique({ where: { slug: input.slug }, select: { id: true } });
  const takenProgram = await db.program.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (taken || takenProgram) throw new DomainError("CONFLICT", `The address "${input.slug}" is already taken.`, { field: "slug" });
  const provider = await db.provider.create({
    data: {
      name: input.name,
      slug: input.slug,
      // PROVIDER_APPROVAL=required: the business waits for a platform admin before it can earn or spend.
      status: initialProviderStatus(),
      staff: { create: { userId: input.ownerUserId, role: "OWNER" } },
      programs: {
        create: {
          name: input.name,
          slug: input.slug,
          currency: input.currency ?? "EUR",
          description: input.description,
          ruleSet: serializeRuleSet(percentageRuleSet(input.cashbackBps ?? 0)),
          processingMode: input.processingMode ?? "AUTOMATIC",
          holdDays: input.holdDays ?? 14,
        },
      },
    },
    include: { programs: true },
  });
  const program = provider.programs[0];
  if (!program) throw new Error("program was not created");
  await ensureWebhookSecret(db, program.id);
  return { providerId: provider.id, programId: program.id, slug: provider.slug };
}
