"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { revealWebhookSecret, rotateProgramWebhookSecret, saveShopSecrets } from "@/lib/programs/get-integration";

const EDITORS = ["OWNER", "MANAGER"] as const;
const program = z.object({ providerId: z.uuid(), programId: z.uuid() });

export const revealSecretAction = providerAction(EDITORS, program, async ({ programId }, { providerId }) => revealWebhookSecret(db, providerId, programId));

export const rotateSecretAction = providerAction(EDITORS, program, async ({ programId }, { providerId }) => {
  const rotated = await rotateProgramWebhookSecret(db, providerId, programId);
  revalidatePath("/dashboard/integrations");
  return { secret: rotated.secret, previousValidUntil: rotated.previousValidUntil.toISOString() };
});

export const saveShopSecretAction = providerAction(
  EDITORS,
  program.extend({
    shop: z.enum(["shopify", "woocommerce"]),
    secret: z.string().trim().min(1, "Paste the secret").max(500, "That secret is too long"),
  }),
  async ({ programId, shop, secret }, { providerId }) => {
    const saved = await saveShopSecrets(db, providerId, programId, { [shop]: secret });
    revalidatePath("/dashboard/integrations");
    return saved;
  },
);
