import "server-only";
import type { PlaidApi } from "plaid";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { plaidErrorOf } from "@/lib/plaid/client";
import { syncTransactions } from "@/lib/banking/sync-transactions";

const webhookSchema = z.object({ webhook_type: z.string(), webhook_code: z.string(), item_id: z.string().optional(), error: z.unknown().optional() });

export type WebhookOutcome = { handled: boolean; detail: string };

/** Handlers per "TYPE:CODE"; anything else is acknowledged and ignored. */
const HANDLERS: Record<string, (itemId: string, client: PlaidApi | undefined, error: unknown) => Promise<WebhookOutcome>> = {
  "TRANSACTIONS:SYNC_UPDATES_AVAILABLE": async (itemId, client) => {
    const account = await db.linkedAccount.findUnique({ where: { plaidItemId: itemId }, select: { id: true, status: true } });
    if (!account || account.status !== "ACTIVE") return { handled: false, detail: "no active linked account for this item" };
    try {
      const stats = await syncTransactions(db, account.id, { client });
      return { handled: true, detail: `synced ${stats.pages} page(s): ${stats.purchases} purchase(s), ${stats.refunds} refund(s)` };
    } catch (error) {
      // The periodic sync picks the item up again from its stored cursor; Plaid need not retry.
      const code = plaidErrorOf(error)?.code;
      console.warn(`[plaid] webhook sync of item ${itemId} failed: ${code ?? (error instanceof Error ? error.message : String(error))}`);
      return { handled: false, detail: "sync failed; the periodic sync will retry" };
    }
  },
  "ITEM:ERROR": async (itemId, _client, error) => {
    const code = z.object({ error_code: z.string() }).safeParse(error).data?.error_code;
    if (code !== "ITEM_LOGIN_REQUIRED") return { handled: false, detail: `item error ${code ?? "unknown"} noted` };
    await db.linkedAccount.updateMany({ where: { plaidItemId: itemId, status: "ACTIVE" }, data: { status: "LOGIN_REQUIRED" } });
    return { handled: true, detail: "marked login required" };
  },
  "ITEM:PENDING_EXPIRATION": async (itemId) => {
    await db.linkedAccount.updateMany({ where: { plaidItemId: itemId, status: "ACTIVE" }, data: { status: "LOGIN_REQUIRED" } });
    return { handled: true, detail: "marked login required" };
  },
};

/** Dispatches a verified Plaid webhook body (already parsed JSON). */
export async function handlePlaidWebhook(body: unknown, client?: PlaidApi): Promise<WebhookOutcome> {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) return { handled: false, detail: "not a Plaid webhook body" };
  const handler = HANDLERS[`${parsed.data.webhook_type}:${parsed.data.webhook_code}`];
  if (!handler || !parsed.data.item_id) return { handled: false, detail: `ignored ${parsed.data.webhook_type}:${parsed.data.webhook_code}` };
  return handler(parsed.data.item_id, client, parsed.data.error);
}
