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
  const updated = await db.program.update({
    where: { id: input.programId },
    data: { ...(input.shopify !== undefined ? { shopifyWebhookSecret: input.shopify } : {}), ...(input.woocommerce !== undefined ? { wooWebhookSecret: input.woocommerce } : {}) },
    select: { id: true, shopifyWebhookSecret: true, wooWebhookSecret: true },
  });
  return { programId: updated.id, shopify: updated.shopifyWebhookSecret !== null, woocommerce: updated.wooWebhookSecret !== null };
}
