import "server-only";
import type { PlaidApi } from "plaid";
import { inTransaction, type Db, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { plaidClient, plaidErrorOf } from "@/lib/plaid/client";
import { cancelUnpostedAuthorisations, syncTransactions } from "./sync-transactions";

const isRoot = (db: DbOrTx): db is Db => "$transaction" in db;

/** Plaid's answers meaning the item is already gone on their side. */
const ALREADY_GONE = new Set(["ITEM_NOT_FOUND", "INVALID_ACCESS_TOKEN"]);

/**
 * Unlinks one of the user's accounts: a last sync (so what posted by now keeps its reward), then revokes the
 * item at Plaid (/item/remove), marks it REVOKED, erases the stored token and cancels the rewards of card
 * authorisations that have not posted: nobody will see whether they do (docs/money-rules.md). Past
 * transactions and their rewards stay.
 */
export async function unlinkAccount(db: DbOrTx, input: { userId: string; linkedAccountId: string; client?: PlaidApi }): Promise<{ id: string }> {
  const account = await db.linkedAccount.findFirst({
    where: { id: input.linkedAccountId, userId: input.userId, status: { not: "REVOKED" } },
    select: { id: true, accessTokenEnc: true },
  });
  if (!account) throw new DomainError("NOT_FOUND", "That linked account does not exist or is already unlinked.");
  const client = input.client ?? plaidClient();
  if (isRoot(db)) {
    // Best effort: an item Plaid cannot sync any more still unlinks; its pending authorisations are cancelled below.
    await syncTransactions(db, account.id, { client }).catch((error: unknown) => {
      console.warn(`[unlink ${account.id}] last sync failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  try {
    await client.itemRemove({ access_token: decryptSecret(account.accessTokenEnc) });
  } catch (error) {
    if (!ALREADY_GONE.has(plaidErrorOf(error)?.code ?? "")) throw error;
  }
  await inTransaction(db, async (tx) => {
    await tx.linkedAccount.update({
      where: { id: account.id },
      data: { status: "REVOKED", accessTokenEnc: "", syncCursor: null, revokedAt: new Date() },
    });
    await cancelUnpostedAuthorisations(tx, account.id);
  });
  return { id: account.id };
}
