"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { createLinkToken } from "@/lib/banking/create-link-token";
import { createSandboxPublicToken } from "@/lib/banking/create-sandbox-public-token";
import { linkAccount } from "@/lib/banking/link-account";
import { completeReconnect, createReconnectLinkToken, sandboxLogin } from "@/lib/banking/reconnect-account";
import { syncTransactions } from "@/lib/banking/sync-transactions";
import { unlinkAccount } from "@/lib/banking/unlink-account";

export const createLinkTokenAction = memberAction(z.object({}), async (_input, { user }) => createLinkToken(user.id));

export const createSandboxPublicTokenAction = memberAction(z.object({ institutionId: z.string().trim().min(1, "Choose a bank").max(40) }), async (input) =>
  createSandboxPublicToken(input.institutionId),
);

export const exchangePublicTokenAction = memberAction(z.object({ publicToken: z.string().trim().min(1).max(200) }), async (input, { user }) => {
  const account = await linkAccount(db, { userId: user.id, publicToken: input.publicToken });
  // First look at the history now; the webhook and the periodic job keep it current. A failure here is not the member's.
  await syncTransactions(db, account.id).catch((error: unknown) => console.warn(`[plaid] first sync of ${account.id} failed:`, error));
  revalidatePath("/wallet/accounts");
  revalidatePath("/wallet");
  return { id: account.id, institutionName: account.institutionName, accountName: account.accountName, mask: account.mask };
});

export const unlinkAccountAction = memberAction(z.object({ linkedAccountId: z.uuid() }), async (input, { user }) => {
  const result = await unlinkAccount(db, { userId: user.id, linkedAccountId: input.linkedAccountId });
  revalidatePath("/wallet/accounts");
  return result;
});

const linkedAccount = z.object({ linkedAccountId: z.uuid("Unknown linked account") });

/** After logging in to the bank again: the item is healthy, so read what was missed meanwhile. */
async function reconnected(userId: string, linkedAccountId: string) {
  const account = await completeReconnect(db, { userId, linkedAccountId });
  await syncTransactions(db, account.id).catch((error: unknown) => console.warn(`[plaid] sync after reconnecting ${account.id} failed:`, error));
  revalidatePath("/wallet/accounts");
  return account;
}

export const createReconnectLinkTokenAction = memberAction(linkedAccount, async (input, { user }) => createReconnectLinkToken(db, { userId: user.id, linkedAccountId: input.linkedAccountId }));

export const completeReconnectAction = memberAction(linkedAccount, async (input, { user }) => reconnected(user.id, input.linkedAccountId));

export const sandboxReconnectAction = memberAction(linkedAccount, async (input, { user }) => {
  await sandboxLogin(db, { userId: user.id, linkedAccountId: input.linkedAccountId });
  return reconnected(user.id, input.linkedAccountId);
});
