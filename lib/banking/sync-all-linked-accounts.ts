import type { PlaidApi } from "plaid";
import type { Db } from "@/lib/db/client";
import { plaidErrorOf } from "@/lib/plaid/client";
import { syncTransactions } from "./sync-transactions";

/** Plaid error codes that mean the member must log in to their bank again before we can read anything. */
export const LOGIN_REQUIRED: ReadonlySet<string> = new Set(["ITEM_LOGIN_REQUIRED", "PENDING_EXPIRATION", "ACCESS_NOT_GRANTED"]);

/**
 * The periodic catch-up behind the webhook: syncs every ACTIVE linked account. One failing item does not stop
 * the others; an item whose login expired is marked LOGIN_REQUIRED so the member sees it.
 */
export async function syncAllLinkedAccounts(db: Db, opts: { client?: PlaidApi } = {}): Promise<{ synced: number; failed: number; loginRequired: number; purchases: number; refunds: number }> {
  const accounts = await db.linkedAccount.findMany({ where: { status: "ACTIVE" }, select: { id: true }, orderBy: { lastSyncedAt: { sort: "asc", nulls: "first" } } });
  const result = { synced: 0, failed: 0, loginRequired: 0, purchases: 0, refunds: 0 };
  for (const { id } of accounts) {
    try {
      const stats = await syncTransactions(db, id, opts);
      result.synced += 1;
      result.purchases += stats.purchases;
      result.refunds += stats.refunds;
    } catch (error) {
      const code = plaidErrorOf(error)?.code;
      if (code && LOGIN_REQUIRED.has(code)) {
        await db.linkedAccount.update({ where: { id }, data: { status: "LOGIN_REQUIRED" } });
        result.loginRequired += 1;
      } else {
        result.failed += 1;
        console.warn(`[plaid] sync of linked account ${id} failed: ${code ?? (error instanceof Error ? error.message : String(error))}`);
      }
    }
  }
  return result;
}
