import { db } from "@/lib/db/client";
import { jsonResponse } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { createRedemption } from "@/lib/redemptions/create-redemption";
import { createRedemptionSchema, idempotencyKeySchema } from "@/lib/redemptions/schemas";
import { idempotencyKeyOf } from "@/lib/redemptions/http";

export const dynamic = "force-dynamic";
export const schemas = { body: createRedemptionSchema, idempotencyKey: idempotencyKeySchema };

/** POST …/redemptions — hold (and optionally capture) cashback for an order. */
export const POST = route<{ programId: string }, "apiKeyInUnit">({ auth: "apiKeyInUnit", scope: "redemptions:write" }, async (req, { params, apiKey, body: raw }) => {
  const idempotencyKey = idempotencyKeyOf(req);
  const body = createRedemptionSchema.parse(await raw.json());
  const created = await createRedemption(db, { programId: params.programId, source: "API", body, idempotencyKey, apiKey });
  return jsonResponse(created.redemption, created.httpStatus);
});
