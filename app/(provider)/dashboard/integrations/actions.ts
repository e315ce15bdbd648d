"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { API_KEY_SCOPES } from "@/lib/api-keys/api-key";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { recordAudit } from "@/lib/audit/record-audit";
import { db, inTransaction } from "@/lib/db/client";
import { requireProviderProgram, revealWebhookSecret, rotateProgramWebhookSecret, saveShopSecrets } from "@/lib/programs/get-integration";

const EDITORS = ["OWNER", "MANAGER"] as const;
// API keys move members' money (redemptions): only owners make or revoke them.
const OWNERS = ["OWNER"] as const;
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

export const createApiKeyAction = providerAction(
  OWNERS,
  program.extend({
    name: z.string().trim().max(100, "Keep the name under 100 characters").optional(),
    scopes: z.array(z.enum(API_KEY_SCOPES, { error: "Unknown scope" })).min(1, "Choose at least one permission"),
  }),
  async ({ programId, name, scopes }, { providerId, user }) => {
    await requireProviderProgram(db, providerId, programId);
    const created = await inTransaction(db, async (tx) => {
      const key = await createApiKey(tx, { programId, name, scopes, createdById: user.id });
      await recordAudit(tx, {
        actor: { type: "USER", id: user.id },
        action: "program.api_key.create",
        providerId,
        programId,
        target: { type: "api_key", id: key.id },
        after: { name: key.name, prefix: key.prefix, scopes: key.scopes },
      });
      return key;
    });
    revalidatePath("/dashboard/integrations");
    return created;
  },
);

export const revokeApiKeyAction = providerAction(OWNERS, program.extend({ keyId: z.uuid() }), async ({ programId, keyId }, { providerId, user }) => {
  await requireProviderProgram(db, providerId, programId);
  const revoked = await inTransaction(db, async (tx) => {
    const before = await tx.programApiKey.findFirst({ where: { id: keyId, programId }, select: { revokedAt: true } });
    const result = await revokeApiKey(tx, { keyId, programId });
    // Revoking is repeatable; only the first time is worth a line in the log.
    if (before && !before.revokedAt) {
      await recordAudit(tx, {
        actor: { type: "USER", id: user.id },
        action: "program.api_key.revoke",
        providerId,
        programId,
        target: { type: "api_key", id: keyId },
        after: { revokedAt: result.revokedAt },
      });
    }
    return result;
  });
  revalidatePath("/dashboard/integrations");
  return { id: revoked.id, revokedAt: revoked.revokedAt.toISOString() };
});
