import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { eventsIpRateLimit } from "@/lib/integrations/handle-order-event";
import { receiveWooWebhook } from "@/lib/integrations/woocommerce";

export const dynamic = "force-dynamic";

/** WooCommerce's native order webhooks (order.created / order.updated), signed with the program's Woo secret. */
export const POST = route<{ programId: string }, "none">({ auth: "none", rateLimit: eventsIpRateLimit() }, (req, { params, requestId, ip }) =>
  receiveWooWebhook(db, req, { programId: params.programId, requestId, ip }),
);
