import "server-only";
import { AccountType, type AccountBase, type PlaidApi } from "plaid";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { plaidClient, plaidErrorOf } from "@/lib/plaid/client";

export type LinkedAccountView = {
  id: string;
  institutionName: string | null;
  accountName: string | null;
  mask: string | null;
  status: "ACTIVE" | "LOGIN_REQUIRED" | "REVOKED";
  plaidItemId: string;
  linkedAt: Date;
  lastSyncedAt: Date | null;
};

export const LINKED_ACCOUNT_SELECT = {
  id: true,
  institutionName: true,
  accountName: true,
  mask: true,
  status: true,
  plaidItemId: true,
  linkedAt: true,
  lastSyncedAt: true,
} as const;

/** The account used for tracking and payouts: the first checking/savings account, else the first card. */
export function chooseAccount(accounts: readonly AccountBase[]): AccountBase | null {
  return accounts.find((a) => a.type === AccountType.Depository) ?? accounts.find((a) => a.type === AccountType.Credit) ?? null;
}

/**
 * Exchanges the public token Plaid Link returned for an access token and stores the item for the user with
 * the token encrypted (AES-256-GCM). The access token never leaves this function in plain text.
 */
export async function linkAccount(db: DbOrTx, input: { userId: string; publicToken: string; client?: PlaidApi }): Promise<LinkedAccountView> {
  const client = input.client ?? plaidClient();
  let exchanged: { access_token: string; item_id: string };
  try {
    exchanged = (await client.itemPublicTokenExchange({ public_token: input.publicToken })).data;
  } catch (error) {
    const plaid = plaidErrorOf(error);
    if (plaid?.code === "INVALID_PUBLIC_TOKEN") throw new DomainError("VALIDATION", "That bank link has expired or was already used. Please link the account again.", { field: "publicToken" });
    throw error;
  }
  const existing = await db.linkedAccount.findUnique({ where: { plaidItemId: exchanged.item_id }, select: { userId: true } });
  if (existing && existing.userId !== input.userId) throw new DomainError("CONFLICT", "This bank connection belongs to another account.");

  let accounts: AccountBase[];
  let institutionName: string | null = null;
  try {
    const got = (await client.accountsGet({ access_token: exchanged.access_token })).data;
    accounts = got.accounts;
    institutionName = got.item.institution_name ?? null;
  } catch (error) {
    // Without the account we cannot track anything: give the item back rather than keep a half-link.
    await client.itemRemove({ access_token: exchanged.access_token }).catch(() => undefined);
    throw error;
  }
  const account = chooseAccount(accounts);
  if (!account) {
    await client.itemRemove({ access_token: exchanged.access_token }).catch(() => undefined);
    throw new DomainError("VALIDATION", "That connection has no checking, savings or card account we can track.");
  }
  const data = {
    accessTokenEnc: encryptSecret(exchanged.access_token),
    institutionName,
    plaidAccountId: account.account_id,
    accountName: account.name,
    mask: account.mask ?? null,
    status: "ACTIVE" as const,
    revokedAt: null,
  };
  return db.linkedAccount.upsert({
    where: { plaidItemId: exchanged.item_id },
    create: { userId: input.userId, plaidItemId: exchanged.item_id, ...data },
    update: data,
    select: LINKED_ACCOUNT_SELECT,
  });
}
