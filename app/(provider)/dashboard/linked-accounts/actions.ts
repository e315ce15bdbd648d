"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { addMerchantRule } from "@/lib/banking/add-merchant-rule";
import { removeMerchantRule } from "@/lib/banking/remove-merchant-rule";

export const addMerchantRuleAction = providerAction(
  ["OWNER", "MANAGER"],
  z.object({ providerId: z.uuid(), programId: z.uuid(), kind: z.enum(["NAME", "ENTITY_ID"], "Choose how to match"), pattern: z.string().max(200, "At most 120 characters") }),
  async (input, { providerId, user }) => {
    const rule = await addMerchantRule(db, { providerId, programId: input.programId, kind: input.kind, pattern: input.pattern, actorUserId: user.id });
    revalidatePath("/dashboard/linked-accounts");
    return rule;
  },
);

export const removeMerchantRuleAction = providerAction(["OWNER", "MANAGER"], z.object({ providerId: z.uuid(), ruleId: z.uuid() }), async (input, { providerId, user }) => {
  const result = await removeMerchantRule(db, { providerId, ruleId: input.ruleId, actorUserId: user.id });
  revalidatePath("/dashboard/linked-accounts");
  return result;
});
