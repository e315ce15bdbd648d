import { db } from "@/lib/db/client";
import { jsonResponse } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { getRedemption } from "@/lib/redemptions/get-redemption";

export const dynamic = "force-dynamic";

/** GET …/redemptions/{id} — the redemption as it stands. */
export const GET = route<{ programId: string; redemptionId: string }, "apiKey">({ auth: "apiKey", scope: "redemptions:write" }, async (_req, { params }) =>
  jsonResponse(await getRedemption(db, { programId: params.programId, redemptionId: params.redemptionId })),
);
