import { encryptSecret } from "@/lib/crypto/secret-box";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

export function listPrograms(db: DbOrTx) {
  return db.program.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, slug: true, name: true, processingMode: true, holdDays: true, provider: { select: { name: true } } },
  });
}

/** Stores the secrets a shop signs its native webhooks with (Shopify's signing key, the WooCommerce webhook secret). */
export async function setShopSecrets(db: DbOrTx, input: { programId: string; shopify?: string; woocommerce?: string }) {
  if (input.shopify === undefined && input.woocommerce === undefined) throw new DomainError("VALIDATION", "Give --shopify and/or --woocommerce.", { field: "shopify" });
  const found = await db.program.findUnique({ where: { id: input.programId }, select: { id: true } });
  if (!found) throw new DomainError("NOT_FOUND", "That program does not exist.", { field: "programId" });
  // Stored encrypted; the legacy plain column is cleared on every save.
  const updated = await db.program.update({
    where: { id: input.programId },
    data: {
      ...(input.shopify !== undefined ? { shopifyWebhookSecretEnc: encryptSecret(input.shopify), shopifyWebhookSecret: null } : {}),
      ...(input.woocommerce !== undefined ? { wooWebhookSecretEnc: encryptSecret(input.woocommerce), wooWebhookSecret: null } : {}),
    },
    select: { id: true, shopifyWebhookSecret: true, shopifyWebhookSecretEnc: true, wooWebhookSecret: true, wooWebhookSecretEnc: true },
  });
  return { programId: updated.id, ...shopSecretsSet(updated) };
}

/** Whether each shop secret is set (encrypted, or still plain from before encryption). */
export function shopSecretsSet(p: { shopifyWebhookSecret: string | null; shopifyWebhookSecretEnc: string | null; wooWebhookSecret: string | null; wooWebhookSecretEnc: string | null }) {
  return { shopify: p.shopifyWebhookSecretEnc !== null || p.shopifyWebhookSecret !== null, woocommerce: p.wooWebhookSecretEnc !== null || p.wooWebhookSecret !== null };
}
