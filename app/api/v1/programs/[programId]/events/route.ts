import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { MAX_BODY_BYTES, receiveOrderEvent } from "@/lib/integrations/inbound";
import { orderEventSchema } from "@/lib/integrations/order-event";

export const dynamic = "force-dynamic";

/** What this route validates with (receiveOrderEvent parses with it); the OpenAPI document is generated from it. */
export const schemas = { body: orderEventSchema };

/** Inbound order events, signed per Standard Webhooks (docs/integrations/order-events.md). */
// The per-address rate limit is counted by openDelivery, in one statement with the program lookup.
export const POST = route<{ programId: string }, "none">({ auth: "none", maxBodyBytes: MAX_BODY_BYTES }, (req, { params, requestId, ip }) =>
  receiveOrderEvent(db, req, { programId: params.programId, requestId, ip }),
);
