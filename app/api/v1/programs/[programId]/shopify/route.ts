import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { MAX_BODY_BYTES } from "@/lib/integrations/inbound";
import { receiveShopifyWebhook } from "@/lib/integrations/shopify";

export const dynamic = "force-dynamic";

/** Shopify's native order webhooks (orders/paid, refunds/create, disputes/create), signed with the program's Shopify secret. */
// The per-address rate limit is counted by openDelivery, in one statement with the program lookup.
export const POST = route<{ programId: string }, "none">({ auth: "none", maxBodyBytes: MAX_BODY_BYTES }, (req, { params, requestId, ip }) =>
  receiveShopifyWebhook(db, req, { programId: params.programId, requestId, ip }),
);
