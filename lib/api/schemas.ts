import { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import { REDEMPTION_ERROR_CODES } from "@/lib/redemptions/schemas";

// Shapes the public API answers with that no route validates on the way in: the problem+json envelope
// (lib/http/problem.ts), the inbound endpoints' answers (lib/integrations/inbound.ts) and the shop platforms'
// native payloads. lib/api/openapi.test.ts checks them against what that code really sends.

const GENERIC_CODES = [
  "validation",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "payload_too_large",
  "unprocessable",
  "unavailable",
  "internal",
] as const satisfies readonly Lowercase<ErrorCode>[];

/** Every machine-readable `code` a public endpoint may answer with: the generic ones, then the specific ones. */
export const PROBLEM_CODES = [...GENERIC_CODES, ...REDEMPTION_ERROR_CODES] as const;

export const problemSchema = z
  .object({
    type: z.string().meta({ format: "uri", example: "https://boomerang.dev/problems/unprocessable" }),
    title: z.string().meta({ description: "For people; the same for every problem of one status.", example: "Unprocessable request" }),
    status: z.number().int().meta({ example: 422 }),
    code: z.enum(PROBLEM_CODES).meta({ description: "What an integration branches on.", example: "insufficient_balance" }),
    detail: z.string().meta({ example: "Not enough spendable balance: 1200 of 1500." }),
    field: z.string().optional().meta({ description: "The bad field of a 400, as a dotted path (e.g. `data.amount`).", example: "amount" }),
    requestId: z.string().optional().meta({ description: "Quote it when you ask for support.", example: "0c0fa7b4-6d0c-4f5e-9f6e-2d1f3f3d6a11" }),
  })
  .meta({ description: "An RFC 9457 problem (`application/problem+json`) with a machine-readable `code`." });

/** The answer of the inbound order-event endpoints (`/events`, `/shopify`, `/woocommerce`). */
export const inboundAnswerSchema = z.object({
  status: z.enum(["accepted", "duplicate", "ignored"]).meta({
    description: "`accepted` (202) for a new event; `duplicate` (200) for one already received; `ignored` (200, shop endpoints) for a topic or order that carries no purchase.",
  }),
});

// The shop platforms' own formats: only the fields Boomerang reads are described; everything else is allowed.
const idDoc = z.union([z.string(), z.number().int()]);
const moneyDoc = z.union([z.string(), z.number()]).meta({ description: "A decimal amount, e.g. \"42.10\"." });

export const shopifyPayloadSchema = z
  .looseObject({
    id: idDoc.meta({ description: "The order id (`orders/paid`), the refund id (`refunds/create`) or the dispute id (`disputes/create`)." }),
    order_id: idDoc.optional().meta({ description: "`refunds/create` and `disputes/create`: the order concerned." }),
    email: z.string().nullish(),
    currency: z.string().optional(),
    total_price: moneyDoc.optional(),
    customer: z.looseObject({ id: idDoc.nullish(), email: z.string().nullish() }).nullish(),
    line_items: z.array(z.looseObject({ sku: z.string().nullish(), product_type: z.string().nullish(), price: moneyDoc, quantity: z.number().int() })).nullish(),
    transactions: z.array(z.looseObject({ kind: z.string().nullish(), status: z.string().nullish(), amount: moneyDoc })).nullish(),
  })
  .meta({ description: "Shopify's own `orders/paid` order, `refunds/create` refund or `disputes/create` dispute, unchanged (docs/integrations/order-events.md)." });

export const wooPayloadSchema = z
  .looseObject({
    id: idDoc.meta({ description: "The order id." }),
    status: z.string().meta({ description: "`processing` or `completed` → order.paid; `refunded` → order.refunded; others are ignored." }),
    currency: z.string().optional(),
    total: moneyDoc.optional(),
    customer_id: z.number().int().optional(),
    billing: z.looseObject({ email: z.string().nullish() }).nullish(),
    line_items: z.array(z.looseObject({ sku: z.string().nullish(), product_id: z.number().int().optional(), total: moneyDoc })).nullish(),
  })
  .meta({ description: "WooCommerce's own order (topics `order.created`, `order.updated`), unchanged; or the unsigned `webhook_id=<n>` ping sent when the webhook is saved." });
