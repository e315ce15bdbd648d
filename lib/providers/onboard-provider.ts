import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { describeZodError, slugSchema } from "@/lib/validation";
import { createProvider } from "./create-provider";

export const ONBOARDING_CURRENCIES = ["EUR", "USD", "GBP", "CAD", "PTS"] as const;

export const onboardingSchema = z.object({
  name: z.string({ error: "Enter your business name" }).trim().min(2, "Use at least 2 characters").max(80, "Use at most 80 characters"),
  slug: slugSchema,
  currency: z.enum(ONBOARDING_CURRENCIES, { error: "Choose EUR, USD, GBP, CAD or points" }),
});

export type OnboardingInput = z.input<typeof onboardingSchema>;

/** Whether a program page address is free; a malformed one answers why. */
export async function checkSlug(db: DbOrTx, raw: string): Promise<{ slug: string; available: boolean; message: string }> {
  const parsed = slugSchema.safeParse(raw);
  if (!parsed.success) return { slug: raw, available: false, message: parsed.error.issues[0]?.message ?? "Invalid address" };
  const slug = parsed.data;
  const [provider, program] = await Promise.all([
    db.provider.findUnique({ where: { slug }, select: { id: true } }),
    db.program.findUnique({ where: { slug }, select: { id: true } }),
  ]);
  const available = !provider && !program;
  return { slug, available, message: available ? `/p/${slug} is available.` : `The address "${slug}" is already taken.` };
}

/**
 * A new business from the onboarding form: provider, its program (unpublished until the owner publishes
 * it), the person as OWNER, a signing secret, rule version 1 and a `provider.create` audit entry — all or
 * nothing. A taken slug is a CONFLICT naming `slug`, also when two people race for it.
 */
export async function onboardProvider(db: DbOrTx, userId: string, input: unknown) {
  const parsed = onboardingSchema.safeParse(input);
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error);
    throw new DomainError("VALIDATION", message, { field });
  }
  const { name, slug, currency } = parsed.data;
  try {
    return await inTransaction(db, async (tx) => {
      const created = await createProvider(tx, { name, slug, currency, ownerUserId: userId });
      const program = await tx.program.update({
        where: { id: created.programId },
        data: { published: false, publishedAt: null },
        select: { ruleSet: true, ruleVersion: true },
      });
      await tx.ruleSetVersion.create({ data: { programId: created.programId, version: program.ruleVersion, ruleSet: program.ruleSet ?? {}, createdById: userId, note: "created at onboarding" } });
      await recordAudit(tx, {
        actor: { type: "USER", id: userId },
        action: "provider.create",
        providerId: created.providerId,
        programId: created.programId,
        target: { type: "provider", id: created.providerId },
        after: { name, slug, currency, published: false },
      });
      return created;
    });
  } catch (error) {
    // The unique index is the last word when two onboardings race for one address.
    if (error instanceof Error && "code" in error && error.code === "P2002") {
      throw new DomainError("CONFLICT", `The address "${slug}" is already taken.`, { field: "slug" });
    }
    throw error;
  }
}
