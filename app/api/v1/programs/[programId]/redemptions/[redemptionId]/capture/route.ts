import { db } from "@/lib/db/client";
import { jsonResponse } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { captureRedemption } from "@/lib/redemptions/capture-redemption";
import { captureRedemptionSchema } from "@/lib/redemptions/schemas";

export const dynamic = "force-dynamic";
export const schemas = { body: captureRedemptionSchema };

/** POST …/redemptions/{id}/capture — take the held cashback as payment (all, or `amount`); the rest goes back. */
export const POST = route<{ programId: string; redemptionId: string }, "apiKeyInUnit">({ auth: "apiKeyInUnit", scope: "redemptions:write" }, async (_req, { params, apiKey, body: raw }) => {
  const body = captureRedemptionSchema.parse(await raw.json());
  const amount = body.amount === undefined ? undefined : BigInt(body.amount);
  return jsonResponse(await captureRedemption(db, { programId: params.programId, redemptionId: params.redemptionId, amount, apiKey }));
});
