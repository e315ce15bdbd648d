import { z } from "zod";
import { CURRENCIES } from "@/lib/money/currency";
import { emailSchema, textSchema } from "@/lib/integrations/order-event";

// The Redemption API's request and response shapes (docs/integrations/redemptions.md). The routes validate
// with these schemas and the OpenAPI document is generated from them, so the two cannot drift.

/** Largest amount accepted: far above any basket, far below what a JSON number holds exactly. */
export const MAX_AMOUNT = 1_000_000_000_000;
const amountMessage = "must be a whole number of minor units greater than 0";

/** An amount in minor units > 0: a JSON integer, never a float or a string. */
export const positiveAmountSchema = z
  .number({ error: (issue) => (issue.input === undefined ? "is required" : amountMessage) })
  .int(amountMessage)
  .min(1, amountMessage)
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
  .meta({ description: "Minor units (4210 = 42.10; points are whole points).", example: 1500 });

export const currencySchema = z.enum(CURRENCIES, { error: `must be one of ${CURRENCIES.join(", ")}` });

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined).optional();

export const customerRefSchema = z
  .object(
    {
      email: optional(emailSchema),
      memberCode: optional(textSchema(64)),
      externalId: optional(textSchema(200)),
      voucherCode: optional(textSchema(64)),
    },
    { error: (issue) => (issue.input === undefined ? "is required" : "must be an object") },
  )
  .refine((c) => c.email !== undefined || c.memberCode !== undefined || c.externalId !== undefined || c.voucherCode !== undefined, {
    message: "must give one of email, memberCode, externalId or voucherCode",
  })
  .meta({ description: "Who pays with cashback: one of these is enough (a voucher code names its member)." });

export type CustomerRef = z.output<typeof customerRefSchema>;

export const createRedemptionSchema = z.object(
  {
    customer: customerRefSchema,
    amount: positiveAmountSchema,
    currency: currencySchema,
    orderId: textSchema(200),
    allowPartial: z.boolean({ error: "must be true or false" }).optional().default(false),
    expiresInSeconds: z
      .number({ error: "must be a whole number of seconds from 60 to 604800" })
      .int("must be a whole number of seconds from 60 to 604800")
      .min(60, "must be at least 60")
      .max(604_800, "must be at most 604800 (7 days)")
      .optional()
      .default(1800),
    capture: z.boolean({ error: "must be true or false" }).optional().default(false),
    metadata: z.record(z.string(), z.unknown(), { error: "must be an object" }).optional(),
  },
  { error: "The body must be a JSON object" },
);
export type CreateRedemptionInput = z.output<typeof createRedemptionSchema>;

export const captureRedemptionSchema = z.object({ amount: positiveAmountSchema.optional() }, { error: "The body must be a JSON object" });

export const refundRedemptionSchema = z.object({ amount: positiveAmountSchema }, { error: "The body must be a JSON object" });

export const balanceQuerySchema = z
  .object({ email: optional(emailSchema), memberCode: optional(textSchema(64)), externalId: optional(textSchema(200)) })
  .refine((q) => q.email !== undefined || q.memberCode !== undefined || q.externalId !== undefined, { message: "must give one of email, memberCode or externalId" });

export const idempotencyKeySchema = z
  .string({ error: "the Idempotency-Key header is required" })
  .min(1, "the Idempotency-Key header is required")
  .max(255, "the Idempotency-Key header must be at most 255 characters");

export const REDEMPTION_STATUSES = ["requires_capture", "captured", "partially_refunded", "refunded", "canceled", "expired"] as const;

export const balanceSchema = z.object({
  currency: currencySchema,
  available: z.number().int(),
  pending: z.number().int(),
  held: z.number().int(),
  spendable: z.number().int(),
});
export type BalanceView = z.infer<typeof balanceSchema>;

export const redemptionSchema = z.object({
  id: z.string().meta({ example: "rdm_3JqvT2kq8Yb1Zc" }),
  status: z.enum(REDEMPTION_STATUSES),
  orderId: z.string(),
  currency: currencySchema,
  amountRequested: z.number().int(),
  amountHeld: z.number().int(),
  amountCaptured: z.number().int(),
  amountRefunded: z.number().int(),
  expiresAt: z.string().meta({ format: "date-time" }),
  balance: balanceSchema,
});
export type RedemptionView = z.infer<typeof redemptionSchema>;

export const refundSchema = z.object({ id: z.string().meta({ example: "rfd_8Hd2kq1Lm0Zx" }), amount: z.number().int(), redemption: redemptionSchema });
export type RefundView = z.infer<typeof refundSchema>;

/** The problem+json `code`s of the Redemption API, beside the generic ones (validation, not_found, …). */
export const REDEMPTION_ERROR_CODES = [
  "idempotency_conflict",
  "insufficient_balance",
  "redemption_expired",
  "invalid_state",
  "refund_exceeds_captured",
  "open_hold_exists",
  "currency_mismatch",
  "insufficient_scope",
  "program_suspended",
  "program_pending",
] as const;
