import "server-only";
import type { PlaidApi } from "plaid";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { plaidBasePath, plaidClient, plaidMode } from "@/lib/plaid/client";
import { createLinkToken } from "./create-link-token";
import { LOGIN_REQUIRED } from "./sync-all-linked-accounts";

async function reconnectable(db: DbOrTx, userId: string, linkedAccountId: string) {
  const account = await db.linkedAccount.findFirst({
    where: { id: linkedAccountId, userId, status: { not: "REVOKED" } },
    select: { id: true, status: true, accessTokenEnc: true, institutionName: true },
  });
  if (!account) throw new DomainError("NOT_FOUND", "That linked account does not exist or is unlinked.");
  return account;
}

/** Step 1 of logging in to the bank again: a Link token in update mode for the member's own item. */
export async function createReconnectLinkToken(db: DbOrTx, input: { userId: string; linkedAccountId: string; client?: PlaidApi }) {
  const account = await reconnectable(db, input.userId, input.linkedAccountId);
  return createLinkToken(input.userId, input.client ?? plaidClient(), { accessToken: decryptSecret(account.accessTokenEnc) });
}

/**
 * Step 2, after Link reports success: Plaid is asked whether the item is healthy again (the browser's word is
 * not enough), then the account tracks purchases again. The caller syncs what was missed meanwhile.
 */
export async function completeReconnect(db: DbOrTx, input: { userId: string; linkedAccountId: string; client?: PlaidApi }): Promise<{ id: string; institutionName: string | null }> {
  const account = await reconnectable(db, input.userId, input.linkedAccountId);
  const { data } = await (input.client ?? plaidClient()).itemGet({ access_token: decryptSecret(account.accessTokenEnc) });
  const code = data.item.error?.error_code;
  if (code && LOGIN_REQUIRED.has(code)) throw new DomainError("CONFLICT", "Your bank still asks you to log in. Try again, or unlink the account and link it again.");
  await db.linkedAccount.updateMany({ where: { id: account.id, status: "LOGIN_REQUIRED" }, data: { status: "ACTIVE" } });
  return { id: account.id, institutionName: account.institutionName };
}

/**
 * The offline sandbox's stand-in for the login inside Plaid Link's update mode (Link's script cannot load
 * offline): tells the local Plaid sandbox the member logged in. Never available against the real Plaid.
 */
export async function sandboxLogin(db: DbOrTx, input: { userId: string; linkedAccountId: string }): Promise<void> {
  if (plaidMode() !== "sandbox") throw new DomainError("FORBIDDEN", "Test banks are only available in the sandbox.");
  const account = await reconnectable(db, input.userId, input.linkedAccountId);
  const res = await fetch(`${plaidBasePath()}/sandbox/boomerang/item/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ access_token: decryptSecret(account.accessTokenEnc) }),
  });
  if (!res.ok) throw new Error(`Plaid sandbox: login failed with HTTP ${res.status}`);
}
