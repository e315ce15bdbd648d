import type { Db } from "@/lib/db/client";
import { decryptSecret, encryptSecret, loadKeys, needsRotation } from "@/lib/crypto/secret-box";

/**
 * Re-encrypts every stored Plaid access token that is not under the current (first) ENCRYPTION_KEYS key, so
 * an old key can then be dropped. Each row is updated only if it still holds the value that was read.
 */
export async function rotateAccessTokens(db: Db): Promise<{ checked: number; rotated: number; currentKey: string }> {
  const keys = loadKeys();
  const rows = await db.linkedAccount.findMany({ where: { accessTokenEnc: { not: "" } }, select: { id: true, accessTokenEnc: true } });
  let rotated = 0;
  for (const row of rows) {
    if (!needsRotation(row.accessTokenEnc, keys)) continue;
    const next = encryptSecret(decryptSecret(row.accessTokenEnc, keys), keys);
    const { count } = await db.linkedAccount.updateMany({ where: { id: row.id, accessTokenEnc: row.accessTokenEnc }, data: { accessTokenEnc: next } });
    rotated += count;
  }
  return { checked: rows.length, rotated, currentKey: keys[0]?.id ?? "" };
}
