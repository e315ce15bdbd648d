import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { eventsIpRateLimit } from "@/lib/integrations/handle-order-event";
import { receiveShopifyWebhook } from "@/lib/integrations/shopify";

export const dynamic = "force-dynamic";

/** Shopify's native order webhooks (orders/paid, refunds/create), signed with the program's Shopify secret. */
export const POST = route<{ programId: string }, "none">({ auth: "none", rateLimit: eventsIpRateLimit() }, (req, { params, requestId, ip }) =>
  receiveShopifyWebhook(db, req, { programId: params.programId, requestId, ip }),
);
