import { db } from "@/lib/db/client";
import { jsonResponse } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { cancelRedemption } from "@/lib/redemptions/cancel-redemption";

export const dynamic = "force-dynamic";

/** POST …/redemptions/{id}/cancel — give an uncaptured hold back to the customer. */
export const POST = route<{ programId: string; redemptionId: string }, "apiKey">({ auth: "apiKey", scope: "redemptions:write" }, async (_req, { params, apiKey }) =>
  jsonResponse(await cancelRedemption(db, { programId: params.programId, redemptionId: params.redemptionId, actor: { type: "API_KEY", id: apiKey.keyId } })),
);
