import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { MAX_BODY_BYTES } from "@/lib/integrations/inbound";
import { receiveWooWebhook } from "@/lib/integrations/woocommerce";

export const dynamic = "force-dynamic";

/** WooCommerce's native order webhooks (order.created / order.updated), signed with the program's Woo secret. */
// The per-address rate limit is counted by openDelivery, in one statement with the program lookup.
export const POST = route<{ programId: string }, "none">({ auth: "none", maxBodyBytes: MAX_BODY_BYTES }, (req, { params, requestId, ip }) =>
  receiveWooWebhook(db, req, { programId: params.programId, requestId, ip }),
);
