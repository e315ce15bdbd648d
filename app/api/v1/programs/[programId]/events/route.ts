import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { eventsIpRateLimit, receiveOrderEvent } from "@/lib/integrations/handle-order-event";

export const dynamic = "force-dynamic";

/** Inbound order events, signed per Standard Webhooks (PRODUCT.md, "Integration contract"). */
export const POST = route<{ programId: string }, "none">({ auth: "none", rateLimit: eventsIpRateLimit() }, (req, { params, requestId, ip }) =>
  receiveOrderEvent(db, req, { programId: params.programId, requestId, ip }),
);
