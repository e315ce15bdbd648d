import "server-only";
import type { PlaidApi } from "plaid";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { plaidClient, plaidErrorOf } from "@/lib/plaid/client";

/** Plaid's answers meaning the item is already gone on their side. */
const ALREADY_GONE = new Set(["ITEM_NOT_FOUND", "INVALID_ACCESS_TOKEN"]);

/**
 * Unlinks one of the user's accounts: revokes the item at Plaid (/item/remove), then marks it REVOKED and
 * erases the stored token. Past transactions and their rewards stay.
 */
export async function unlinkAccount(db: DbOrTx, input: { userId: string; linkedAccountId: string; client?: PlaidApi }): Promise<{ id: string }> {
  const account = await db.linkedAccount.findFirst({
    where: { id: input.linkedAccountId, userId: input.userId, status: { not: "REVOKED" } },
    select: { id: true, accessTokenEnc: true },
  });
  if (!account) throw new DomainError("NOT_FOUND", "That linked account does not exist or is already unlinked.");
  try {
    await (input.client ?? plaidClient()).itemRemove({ access_token: decryptSecret(account.accessTokenEnc) });
  } catch (error) {
    if (!ALREADY_GONE.has(plaidErrorOf(error)?.code ?? "")) throw error;
  }
  await db.linkedAccount.update({
    where: { id: account.id },
    data: { status: "REVOKED", accessTokenEnc: "", syncCursor: null, revokedAt: new Date() },
  });
  return { id: account.id };
}
