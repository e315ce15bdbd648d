import { db } from "@/lib/db/client";
import { jsonResponse } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { idempotencyKeyOf } from "@/lib/redemptions/http";
import { refundRedemption } from "@/lib/redemptions/refund-redemption";
import { idempotencyKeySchema, refundRedemptionSchema } from "@/lib/redemptions/schemas";

export const dynamic = "force-dynamic";
export const schemas = { body: refundRedemptionSchema, idempotencyKey: idempotencyKeySchema };

/** POST …/redemptions/{id}/refunds — give back part or all of a captured redemption. */
export const POST = route<{ programId: string; redemptionId: string }, "apiKey">({ auth: "apiKey", scope: "redemptions:write" }, async (req, { params, apiKey, body: raw }) => {
  const idempotencyKey = idempotencyKeyOf(req);
  const body = refundRedemptionSchema.parse(await raw.json());
  const refunded = await refundRedemption(db, {
    programId: params.programId,
    redemptionId: params.redemptionId,
    amount: BigInt(body.amount),
    idempotencyKey,
    actor: { type: "API_KEY", id: apiKey.keyId },
  });
  return jsonResponse(refunded.refund, refunded.httpStatus);
});
