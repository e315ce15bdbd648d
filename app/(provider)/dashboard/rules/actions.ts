"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { tryRules } from "@/lib/programs/try-rules";
import { updateProgramRules } from "@/lib/programs/update-program-rules";

// The rule set itself is validated by the rules engine's schema inside lib, which names the bad field.
export const saveRulesAction = providerAction(
  ["OWNER", "MANAGER"],
  z.object({
    providerId: z.uuid(),
    programId: z.uuid(),
    expectedVersion: z.int("Reload the page and try again").min(1),
    ruleSet: z.unknown(),
    note: z.string().trim().max(500, "Use at most 500 characters").optional(),
  }),
  async (input, { providerId, user }) => {
    const result = await updateProgramRules(db, {
      providerId,
      programId: input.programId,
      expectedVersion: input.expectedVersion,
      ruleSet: input.ruleSet,
      note: input.note,
      actor: { userId: user.id },
    });
    revalidatePath("/dashboard/rules");
    return result;
  },
);

const itemSchema = z.object({
  sku: z.string(),
  category: z.string().optional(),
  amountMinor: z.string(),
  quantity: z.int("Expected a whole quantity"),
});

export const tryRulesAction = providerAction(
  ["OWNER", "MANAGER"],
  z.object({
    providerId: z.uuid(),
    programId: z.uuid(),
    ruleSet: z.unknown(),
    purchase: z.object({
      amountMinor: z.string(),
      items: z.array(itemSchema).max(50, "Use at most 50 items").optional(),
      occurredAt: z.string().optional(),
      segment: z.string().max(100).optional(),
      tier: z.string().max(100).optional(),
    }),
  }),
  async (input, { providerId }) => {
    const items = input.purchase.items?.map((i) => ({ ...i, category: i.category?.trim() || null }));
    const result = await tryRules(db, {
      providerId,
      programId: input.programId,
      ruleSet: input.ruleSet,
      purchase: { ...input.purchase, ...(items && items.length > 0 ? { items } : { items: undefined }) },
    });
    return {
      amountMinor: result.amountMinor.toString(),
      currency: result.currency,
      explanation: result.explanation,
      lines: result.lines.map((l) => ({ label: l.label, text: l.text, rewardMinor: l.rewardMinor.toString() })),
      reasons: result.reasons,
      capped: result.capped,
    };
  },
);
