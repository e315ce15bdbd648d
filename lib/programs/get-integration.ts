import "server-only";
import { appUrl } from "@/lib/app-url";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { setShopSecrets, shopSecretsSet } from "./shop-secrets";
import { programEventsUrl } from "./webhook-endpoint";
import { ensureWebhookSecret, rotateWebhookSecret } from "./webhook-secrets";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The program, if it belongs to the provider; NOT_FOUND otherwise, so another tenant's id reveals nothing. */
export async function requireProviderProgram(db: DbOrTx, providerId: string, programId: string) {
  const program =
    UUID.test(providerId) && UUID.test(programId)
      ? await db.program.findFirst({ where: { id: programId, providerId }, select: { id: true, name: true, currency: true } })
      : null;
  if (!program) throw new DomainError("NOT_FOUND", "That program does not exist.", { field: "programId" });
  return program;
}

/**
 * What the Integrations page shows: the program id, its three endpoints and whether each shop secret is set.
 * Never a secret: the signing secret is revealed on request only (`revealWebhookSecret`).
 */
export async function getIntegration(db: DbOrTx, providerId: string, programId: string, now = new Date()) {
  await requireProviderProgram(db, providerId, programId);
  const [program, overlap] = await Promise.all([
    db.program.findUniqueOrThrow({ where: { id: programId }, select: { id: true, name: true, shopifyWebhookSecret: true, shopifyWebhookSecretEnc: true, wooWebhookSecret: true, wooWebhookSecretEnc: true } }),
    db.programWebhookSecret.findFirst({ where: { programId, expiresAt: { gt: now } }, orderBy: { expiresAt: "desc" }, select: { expiresAt: true } }),
  ]);
  const set = shopSecretsSet(program);
  return {
    programId: program.id,
    programName: program.name,
    eventsUrl: programEventsUrl(program.id),
    shopifyUrl: appUrl(`/api/v1/programs/${program.id}/shopify`),
    woocommerceUrl: appUrl(`/api/v1/programs/${program.id}/woocommerce`),
    shopifySecretSet: set.shopify,
    woocommerceSecretSet: set.woocommerce,
    /** Set while a rotated-out secret still verifies. */
    previousSecretValidUntil: overlap?.expiresAt ?? null,
  };
}

export type Integration = Awaited<ReturnType<typeof getIntegration>>;

/** The program's current signing secret (created on first use). */
export async function revealWebhookSecret(db: DbOrTx, providerId: string, programId: string): Promise<{ secret: string }> {
  await requireProviderProgram(db, providerId, programId);
  return { secret: await ensureWebhookSecret(db, programId) };
}

/** A new signing secret; the old one keeps verifying for 24 hours. */
export async function rotateProgramWebhookSecret(db: DbOrTx, providerId: string, programId: string) {
  await requireProviderProgram(db, providerId, programId);
  return rotateWebhookSecret(db, programId);
}

/** Stores a shop's signing key; answers only whether each is set, never the value. */
export async function saveShopSecrets(db: DbOrTx, providerId: string, programId: string, secrets: { shopify?: string; woocommerce?: string }) {
  await requireProviderProgram(db, providerId, programId);
  const saved = await setShopSecrets(db, { programId, ...secrets });
  return { shopifySecretSet: saved.shopify, woocommerceSecretSet: saved.woocommerce };
}
