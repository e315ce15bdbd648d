import { decryptSecret, encryptSecret, loadKeys, needsRotation } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";

type Pair = { enc: string | null; plain: string | null };

/**
 * The new ciphertext for a stored pair, null when it is already encrypted under the current key, or
 * "undecryptable" when its key is no longer in ENCRYPTION_KEYS (left as it is, and counted).
 */
function reencrypted(pair: Pair, keys: ReturnType<typeof loadKeys>): string | null | "undecryptable" {
  if (pair.enc === null) return pair.plain === null ? null : encryptSecret(pair.plain, keys);
  if (!needsRotation(pair.enc, keys)) return null;
  try {
    return encryptSecret(decryptSecret(pair.enc, keys), keys);
  } catch {
    return "undecryptable";
  }
}

/**
 * Encrypts every signing secret still stored in plain text (program webhook secrets, Shopify and WooCommerce
 * secrets from before encryption at rest) and re-encrypts those under an older ENCRYPTION_KEYS key, clearing
 * the plain columns. Each row is updated only if it still holds what was read, so it is safe beside the app
 * and on several machines at once; running it again changes nothing. `npm run boomerang -- program:encrypt-secrets`.
 */
export async function encryptProgramSecrets(db: Db): Promise<{ webhookSecrets: number; shopSecrets: number; undecryptable: number; currentKey: string }> {
  const keys = loadKeys();
  let webhookSecrets = 0;
  let undecryptable = 0;
  const rows = await db.programWebhookSecret.findMany({ select: { id: true, secret: true, secretEnc: true } });
  for (const row of rows) {
    const next = reencrypted({ enc: row.secretEnc, plain: row.secret }, keys);
    if (next === "undecryptable") undecryptable++;
    if (next === null || next === "undecryptable") continue;
    const { count } = await db.programWebhookSecret.updateMany({ where: { id: row.id, secret: row.secret, secretEnc: row.secretEnc }, data: { secretEnc: next, secret: null } });
    webhookSecrets += count;
  }
  let shopSecrets = 0;
  const programs = await db.program.findMany({
    where: { OR: [{ shopifyWebhookSecret: { not: null } }, { wooWebhookSecret: { not: null } }, { shopifyWebhookSecretEnc: { not: null } }, { wooWebhookSecretEnc: { not: null } }] },
    select: { id: true, shopifyWebhookSecret: true, shopifyWebhookSecretEnc: true, wooWebhookSecret: true, wooWebhookSecretEnc: true },
  });
  for (const p of programs) {
    const shopifyNext = reencrypted({ enc: p.shopifyWebhookSecretEnc, plain: p.shopifyWebhookSecret }, keys);
    const wooNext = reencrypted({ enc: p.wooWebhookSecretEnc, plain: p.wooWebhookSecret }, keys);
    undecryptable += (shopifyNext === "undecryptable" ? 1 : 0) + (wooNext === "undecryptable" ? 1 : 0);
    const shopify = shopifyNext === "undecryptable" ? null : shopifyNext;
    const woo = wooNext === "undecryptable" ? null : wooNext;
    if (shopify === null && woo === null) continue;
    const { count } = await db.program.updateMany({
      where: { id: p.id, shopifyWebhookSecret: p.shopifyWebhookSecret, shopifyWebhookSecretEnc: p.shopifyWebhookSecretEnc, wooWebhookSecret: p.wooWebhookSecret, wooWebhookSecretEnc: p.wooWebhookSecretEnc },
      data: {
        ...(shopify !== null ? { shopifyWebhookSecretEnc: shopify, shopifyWebhookSecret: null } : {}),
        ...(woo !== null ? { wooWebhookSecretEnc: woo, wooWebhookSecret: null } : {}),
      },
    });
    shopSecrets += count * ((shopify !== null ? 1 : 0) + (woo !== null ? 1 : 0));
  }
  return { webhookSecrets, shopSecrets, undecryptable, currentKey: keys[0]?.id ?? "" };
}
