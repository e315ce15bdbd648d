import { z } from "zod";
import { API_KEY_SCOPES, type ApiKeyScope } from "@/lib/api-keys/api-key";
import { emailSchema, minorUnitsSchema, occurredAtSchema, orderCustomerSchema, orderEventSchema } from "@/lib/integrations/order-event";
import {
  balanceQuerySchema,
  balanceSchema,
  captureRedemptionSchema,
  createRedemptionSchema,
  customerRefSchema,
  idempotencyKeySchema,
  redemptionSchema,
  refundRedemptionSchema,
  refundSchema,
} from "@/lib/redemptions/schemas";
import {
  EVENT_DESCRIPTIONS,
  EVENT_EXAMPLES,
  EVENT_SCHEMAS,
  memberEventSchema,
  redemptionEventSchema,
  rewardEventSchema,
  testEventSchema,
} from "@/lib/webhooks-out/events";
import { inboundAnswerSchema, PROBLEM_CODES, problemSchema, shopifyPayloadSchema, wooPayloadSchema } from "./schemas";

// The one registry of public endpoints. The OpenAPI document (GET /api/v1/openapi.json), the reference page
// (/docs/api) and the drift test (openapi.test.ts) all read it; request schemas are the very zod schemas the
// routes validate with, which each route names in its `export const schemas`.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = { [key: string]: Json };

export type Security = "apiKey" | "standardWebhooks" | "shopify" | "woocommerce" | "none";
type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

export type Header = { name: string; required: boolean; description: string; schema: z.ZodType; example: string };

export type SuccessResponse = { description: string; schema: z.ZodType; example: unknown; contentType?: string };

export type Endpoint = {
  operationId: string;
  method: "get" | "post";
  /** The OpenAPI path, e.g. `/api/v1/programs/{programId}/redemptions`. */
  path: string;
  /** The route module answering it, relative to the repository. */
  route: string;
  tag: "Order events" | "Balances" | "Redemptions" | "Reference";
  summary: string;
  description: string;
  security: Security;
  scope?: ApiKeyScope;
  headers?: Header[];
  /** A query string schema (an object of optional strings). */
  query?: z.ZodType;
  body?: { schema: z.ZodType; description?: string; example: unknown; contentType?: string };
  /**
   * The schemas the route validates with, by name: the route module must export exactly these as
   * `export const schemas = {…}` (checked by openapi.test.ts). Absent for routes without their own input.
   */
  validates?: Record<string, z.ZodType>;
  responses: Record<number, SuccessResponse>;
  /** Problem answers, each with the `code`s it may carry. */
  problems: Partial<Record<ProblemStatus, { description: string; codes: (typeof PROBLEM_CODES)[number][] }>>;
};

const PROGRAM = "/api/v1/programs/{programId}";
const ROUTES = "app/api/v1/programs/[programId]";

const idempotencyHeader: Header = {
  name: "Idempotency-Key",
  required: true,
  description:
    "Your unique key for this operation (at most 255 characters), e.g. your order id plus an attempt number. A retry with the same key and body answers the original response again; the same key with another body is a 409 `idempotency_conflict`.",
  schema: idempotencyKeySchema,
  example: "order-1042-hold-1",
};

const signatureHeaders = (names: [string, string, string], notes: [string, string, string], examples: [string, string, string]): Header[] =>
  names.map((name, i) => ({ name, required: true, description: notes[i]!, schema: z.string(), example: examples[i]! }));

const exampleBalance = { currency: "EUR", available: 2350, pending: 410, held: 1500, spendable: 2350 };
const exampleHold = {
  id: "rdm_3JqvT2kq8Yb1Zc",
  status: "requires_capture",
  orderId: "1042",
  currency: "EUR",
  amountRequested: 1500,
  amountHeld: 1500,
  amountCaptured: 0,
  amountRefunded: 0,
  expiresAt: "2026-12-08T10:30:00.000Z",
  balance: exampleBalance,
};
const exampleCaptured = { ...exampleHold, status: "captured", amountCaptured: 1200, balance: { ...exampleBalance, available: 2650, held: 0, spendable: 2650 } };

const inboundProblems: Endpoint["problems"] = {
  400: { description: "The body is not valid JSON or breaks the contract; `field` names the bad field.", codes: ["validation"] },
  401: { description: "Missing, wrong or stale signature (or no shop secret set yet).", codes: ["unauthenticated"] },
  403: { description: "The program's business is suspended by the platform (or not yet approved): nothing is recorded.", codes: ["program_suspended", "program_pending"] },
  404: { description: "No program has that id.", codes: ["not_found"] },
  413: { description: "The body is larger than 256 KB.", codes: ["payload_too_large"] },
  429: { description: "Rate limited (per program and per address); honour `Retry-After`.", codes: ["rate_limited"] },
  503: { description: "The database is unreachable; nothing was recorded. Retry after `Retry-After`.", codes: ["unavailable"] },
};

const tooLarge: Endpoint["problems"] = { 413: { description: "The body is larger than 64 KB.", codes: ["payload_too_large"] } };

const apiKeyProblems = (extra: Endpoint["problems"]): Endpoint["problems"] => ({
  401: { description: "Missing, malformed, wrong or revoked API key.", codes: ["unauthenticated"] },
  403: { description: "The key lacks the scope, or the program's business is suspended (or not yet approved).", codes: ["insufficient_scope", "program_suspended", "program_pending"] },
  429: { description: "Rate limited per key; honour `Retry-After`.", codes: ["rate_limited"] },
  503: { description: "The database is unreachable; nothing was changed. Retry after `Retry-After` (with the same Idempotency-Key).", codes: ["unavailable"] },
  ...extra,
});

const accepted: SuccessResponse = { description: "A new event, recorded.", schema: inboundAnswerSchema, example: { status: "accepted" } };
const duplicate = (ignored: boolean): SuccessResponse => ({
  description: ignored ? "Already received (safe retry), or a topic or order that carries no purchase." : "Already received (by `webhook-id`, or order and type): safe to retry.",
  schema: inboundAnswerSchema,
  example: { status: "duplicate" },
});

export const ENDPOINTS: Endpoint[] = [
  {
    operationId: "sendOrderEvent",
    method: "post",
    path: `${PROGRAM}/events`,
    route: `${ROUTES}/events/route.ts`,
    tag: "Order events",
    summary: "Send an order event",
    description:
      "One `order.paid` when a payment is confirmed, one `order.refunded` (with the refunded amount) per refund. Signed per Standard Webhooks with the program's `whsec_…` secret; timestamps more than 5 minutes off are refused. Each order is rewarded at most once, whatever the retries.",
    security: "standardWebhooks",
    headers: signatureHeaders(
      ["webhook-id", "webhook-timestamp", "webhook-signature"],
      ["Your unique id of this message; the same on every retry.", "Unix seconds when signed.", "`v1,<base64 HMAC-SHA256 of id.timestamp.body>` (space-separated when several)."],
      ["msg_2m5b9Xz4", "1796725800", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="],
    ),
    body: {
      schema: orderEventSchema,
      example: {
        type: "order.paid",
        data: { orderId: "1042", amount: 4210, currency: "EUR", customer: { email: "mia@example.com" }, items: [{ sku: "BEANS-1KG", category: "coffee", amount: 4210, quantity: 1 }], occurredAt: "2026-12-08T10:00:00Z" },
      },
    },
    validates: { body: orderEventSchema },
    responses: { 202: accepted, 200: duplicate(false) },
    problems: inboundProblems,
  },
  {
    operationId: "receiveShopifyWebhook",
    method: "post",
    path: `${PROGRAM}/shopify`,
    route: `${ROUTES}/shopify/route.ts`,
    tag: "Order events",
    summary: "Receive Shopify's order webhooks",
    description:
      "Point Shopify's **Order payment** (`orders/paid`), **Refund create** (`refunds/create`) and **Dispute create** (`disputes/create`) JSON webhooks here. The order is mapped to an order event and goes through the same schema and pipeline as `/events`; a chargeback refunds the disputed amount once per dispute (an inquiry changes nothing). Other topics answer `200 ignored`.",
    security: "shopify",
    headers: signatureHeaders(
      ["X-Shopify-Hmac-Sha256", "X-Shopify-Webhook-Id", "X-Shopify-Topic"],
      ["Base64 HMAC-SHA256 of the raw body with the program's Shopify secret.", "Shopify's delivery id (duplicates are answered `200 duplicate`).", "`orders/paid`, `refunds/create` or `disputes/create`."],
      ["Yk5uZ0c2Z0Q3c0x5V2JzN3hKZk9pZz09", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "orders/paid"],
    ),
    body: {
      schema: shopifyPayloadSchema,
      description: "Shopify's payload, unchanged.",
      example: { id: 5734520307794, email: "mia@example.com", currency: "EUR", total_price: "42.10", customer: { id: 7001429426322, email: "mia@example.com" }, line_items: [{ sku: "BEANS-1KG", product_type: "coffee", price: "42.10", quantity: 1 }] },
    },
    responses: { 202: accepted, 200: duplicate(true) },
    problems: inboundProblems,
  },
  {
    operationId: "receiveWooCommerceWebhook",
    method: "post",
    path: `${PROGRAM}/woocommerce`,
    route: `${ROUTES}/woocommerce/route.ts`,
    tag: "Order events",
    summary: "Receive WooCommerce's order webhooks",
    description:
      "Add a WooCommerce webhook with topic **Order updated** to this URL. `processing` or `completed` orders become an `order.paid` (once per order), `refunded` ones an `order.refunded` of the whole order; other statuses and topics answer `200 ignored`. The unsigned ping sent when the webhook is saved answers `200`.",
    security: "woocommerce",
    headers: signatureHeaders(
      ["X-WC-Webhook-Signature", "X-WC-Webhook-Delivery-ID", "X-WC-Webhook-Topic"],
      ["Base64 HMAC-SHA256 of the raw body with the program's WooCommerce secret.", "WooCommerce's delivery id.", "`order.created` or `order.updated`."],
      ["c2lnbmF0dXJlLWV4YW1wbGUtYmFzZTY0PQ==", "1187", "order.updated"],
    ),
    body: {
      schema: wooPayloadSchema,
      description: "WooCommerce's payload, unchanged.",
      example: { id: 727, status: "processing", currency: "EUR", total: "42.10", customer_id: 12, billing: { email: "mia@example.com" }, line_items: [{ sku: "BEANS-1KG", product_id: 93, total: "42.10" }] },
    },
    responses: { 202: accepted, 200: duplicate(true) },
    problems: inboundProblems,
  },
  {
    operationId: "getBalance",
    method: "get",
    path: `${PROGRAM}/balance`,
    route: `${ROUTES}/balance/route.ts`,
    tag: "Balances",
    summary: "Read a member's balance",
    description: "Name the member by exactly one of `email`, `memberCode` (the code on their card) or `externalId` (your customer id). `spendable` is what a redemption may hold now.",
    security: "apiKey",
    scope: "balances:read",
    query: balanceQuerySchema,
    validates: { query: balanceQuerySchema },
    responses: { 200: { description: "The member's balance in the program's currency (integers, minor units).", schema: balanceSchema, example: exampleBalance } },
    problems: apiKeyProblems({
      400: { description: "No customer named, or a malformed one.", codes: ["validation"] },
      404: { description: "Unknown program, or no such member in it.", codes: ["not_found"] },
    }),
  },
  {
    operationId: "createRedemption",
    method: "post",
    path: `${PROGRAM}/redemptions`,
    route: `${ROUTES}/redemptions/route.ts`,
    tag: "Redemptions",
    summary: "Hold (or hold and capture) cashback for an order",
    description:
      "Reserves `amount` of the member's spendable balance for `orderId` until `expiresAt` (default 30 minutes), like a card payment with manual capture; with `capture: true` it is captured at once. Without `allowPartial`, not enough balance is a 422 and nothing is held; with it, what is spendable is held (still 422 when that is zero). One open hold per order and customer at a time.",
    security: "apiKey",
    scope: "redemptions:write",
    headers: [idempotencyHeader],
    body: { schema: createRedemptionSchema, example: { customer: { email: "mia@example.com" }, amount: 1500, currency: "EUR", orderId: "1042", expiresInSeconds: 1800 } },
    validates: { body: createRedemptionSchema, idempotencyKey: idempotencyKeySchema },
    responses: { 201: { description: "Held (`requires_capture`), or captured when `capture` was true.", schema: redemptionSchema, example: exampleHold } },
    problems: apiKeyProblems({
      ...tooLarge,
      400: { description: "A bad field (named in `field`), a currency other than the program's, or a missing Idempotency-Key.", codes: ["validation", "currency_mismatch"] },
      404: { description: "Unknown program, member or voucher code.", codes: ["not_found"] },
      409: { description: "The Idempotency-Key was used with another body; the order already has an open hold for this customer; or the voucher was used, cancelled or expired.", codes: ["idempotency_conflict", "open_hold_exists", "invalid_state"] },
      422: { description: "Not enough spendable balance (or voucher value): nothing is held.", codes: ["insufficient_balance"] },
    }),
  },
  {
    operationId: "getRedemption",
    method: "get",
    path: `${PROGRAM}/redemptions/{redemptionId}`,
    route: `${ROUTES}/redemptions/[redemptionId]/route.ts`,
    tag: "Redemptions",
    summary: "Read a redemption",
    description: "The redemption as it is now. Another program's redemption id answers 404.",
    security: "apiKey",
    scope: "redemptions:write",
    responses: { 200: { description: "The redemption.", schema: redemptionSchema, example: exampleHold } },
    problems: apiKeyProblems({ 404: { description: "Unknown program or redemption.", codes: ["not_found"] } }),
  },
  {
    operationId: "captureRedemption",
    method: "post",
    path: `${PROGRAM}/redemptions/{redemptionId}/capture`,
    route: `${ROUTES}/redemptions/[redemptionId]/capture/route.ts`,
    tag: "Redemptions",
    summary: "Capture a hold",
    description:
      "Captures `amount` (at most `amountHeld`; default all of it) when the order is paid; the rest returns to the member at once. Capturing again with the same amount answers the same. An expired or canceled hold can never be captured.",
    security: "apiKey",
    scope: "redemptions:write",
    body: { schema: captureRedemptionSchema, example: { amount: 1200 } },
    validates: { body: captureRedemptionSchema },
    responses: { 200: { description: "Captured.", schema: redemptionSchema, example: exampleCaptured } },
    problems: apiKeyProblems({
      ...tooLarge,
      400: { description: "A bad amount, or more than `amountHeld`.", codes: ["validation"] },
      404: { description: "Unknown program or redemption.", codes: ["not_found"] },
      409: { description: "The hold expired, was canceled, or was captured with another amount.", codes: ["redemption_expired", "invalid_state"] },
    }),
  },
  {
    operationId: "cancelRedemption",
    method: "post",
    path: `${PROGRAM}/redemptions/{redemptionId}/cancel`,
    route: `${ROUTES}/redemptions/[redemptionId]/cancel/route.ts`,
    tag: "Redemptions",
    summary: "Cancel a hold",
    description: "Releases the hold (the checkout was abandoned); the amount returns to the member's available balance. Repeatable.",
    security: "apiKey",
    scope: "redemptions:write",
    responses: { 200: { description: "Canceled.", schema: redemptionSchema, example: { ...exampleHold, status: "canceled", balance: { ...exampleBalance, available: 3850, held: 0, spendable: 3850 } } } },
    problems: apiKeyProblems({
      404: { description: "Unknown program or redemption.", codes: ["not_found"] },
      409: { description: "Already captured (refund it instead), or the hold expired.", codes: ["invalid_state", "redemption_expired"] },
    }),
  },
  {
    operationId: "refundRedemption",
    method: "post",
    path: `${PROGRAM}/redemptions/{redemptionId}/refunds`,
    route: `${ROUTES}/redemptions/[redemptionId]/refunds/route.ts`,
    tag: "Redemptions",
    summary: "Refund a captured redemption",
    description:
      "Gives `amount` back to the member's available balance (the order was returned); the status becomes `partially_refunded` or `refunded`. Several partial refunds are fine, up to what was captured.",
    security: "apiKey",
    scope: "redemptions:write",
    headers: [{ ...idempotencyHeader, example: "order-1042-return-1" }],
    body: { schema: refundRedemptionSchema, example: { amount: 500 } },
    validates: { body: refundRedemptionSchema, idempotencyKey: idempotencyKeySchema },
    responses: {
      201: {
        description: "Refunded.",
        schema: refundSchema,
        example: { id: "rfd_8Hd2kq1Lm0Zx", amount: 500, redemption: { ...exampleCaptured, status: "partially_refunded", amountRefunded: 500, balance: { ...exampleCaptured.balance, available: 3150, spendable: 3150 } } },
      },
    },
    problems: apiKeyProblems({
      ...tooLarge,
      400: { description: "A bad amount or a missing Idempotency-Key.", codes: ["validation"] },
      404: { description: "Unknown program or redemption.", codes: ["not_found"] },
      409: { description: "The Idempotency-Key was used with another body, or the redemption was never captured.", codes: ["idempotency_conflict", "invalid_state"] },
      422: { description: "More than was captured in total.", codes: ["refund_exceeds_captured"] },
    }),
  },
  {
    operationId: "getOpenApiDocument",
    method: "get",
    path: "/api/v1/openapi.json",
    route: "app/api/v1/openapi.json/route.ts",
    tag: "Reference",
    summary: "This document",
    description: "The OpenAPI 3.1 document of the public API, generated from the schemas the routes validate with. Rendered at `/docs/api`.",
    security: "none",
    responses: { 200: { description: "The OpenAPI document.", schema: z.looseObject({ openapi: z.literal("3.1.0") }), example: { openapi: "3.1.0" } } },
    problems: {},
  },
];

/** Response schemas published once under components.schemas and referenced from every response. */
const COMPONENTS: [string, z.ZodType][] = [
  ["Balance", balanceSchema],
  ["Redemption", redemptionSchema],
  ["Refund", refundSchema],
  ["Problem", problemSchema],
  ["InboundAnswer", inboundAnswerSchema],
  ["RewardEvent", rewardEventSchema],
  ["RedemptionEvent", redemptionEventSchema],
  ["MemberEvent", memberEventSchema],
  ["TestEvent", testEventSchema],
];

// ─── zod → JSON Schema ──────────────────────────────────────────────────────────────────────────────

const customerSchemas = new Set<z.ZodType>([customerRefSchema, balanceQuerySchema, orderCustomerSchema]);

/**
 * What z.toJSONSchema cannot see: transforms over z.unknown() (amounts), pipes that check a format after
 * trimming, and the "one of these fields" refinements. Validation stays in the zod schemas.
 */
function explain(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  const { zodSchema, jsonSchema } = ctx;
  if (zodSchema === minorUnitsSchema) {
    Object.assign(jsonSchema, { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "Minor units (4210 = 42.10), a JSON integer.", example: 4210 });
  } else if (zodSchema === emailSchema) {
    Object.assign(jsonSchema, { format: "email" });
  } else if (zodSchema === occurredAtSchema) {
    Object.assign(jsonSchema, { format: "date-time", description: "ISO-8601 with a time zone, between 2000 and 2100." });
  } else if (zodSchema === orderEventSchema) {
    // The superRefine that refuses a zero order.paid (ZERO_PAID_MESSAGE), as JSON Schema can say it.
    Object.assign(jsonSchema, {
      if: { properties: { type: { const: "order.paid" } } },
      then: { properties: { data: { properties: { amount: { minimum: 1, description: "Greater than 0 for order.paid." } } } } },
    });
  } else if (customerSchemas.has(zodSchema as z.ZodType)) {
    const names = Object.keys((jsonSchema.properties as Record<string, unknown> | undefined) ?? {});
    jsonSchema.anyOf = names.map((name) => ({ required: [name] }));
  }
  // z.number().int() says "a safe integer"; in a document that is noise.
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER && zodSchema !== minorUnitsSchema) delete jsonSchema.maximum;
}

function clean(schema: Record<string, unknown>): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return JSON.parse(JSON.stringify(rest)) as JsonSchema;
}

/** The JSON Schema of a request (io "input": what a client sends) or of a response (io "output"). */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const component = COMPONENTS.find(([, s]) => s === schema);
  if (component && io === "output") return { $ref: `#/components/schemas/${component[0]}` };
  return clean(z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any", override: explain }) as Record<string, unknown>);
}

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of COMPONENTS) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { io: "output", target: "draft-2020-12", override: explain, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(out.schemas).map(([id, s]) => [id, clean(s as Record<string, unknown>)]));
}

// ─── The document ───────────────────────────────────────────────────────────────────────────────────

const SECURITY_SCHEMES: Record<Exclude<Security, "none">, JsonSchema> = {
  apiKey: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "bmr_sk_…",
    description: `A program API key: \`Authorization: Bearer bmr_sk_…\`. Created by the program owner (dashboard Integrations, or \`npm run boomerang -- program:api-key --program <id>\`), shown once. Scopes: ${API_KEY_SCOPES.map((s) => `\`${s}\``).join(", ")}; an operation names the scope it needs.`,
  },
  standardWebhooks: {
    type: "apiKey",
    in: "header",
    name: "webhook-signature",
    description:
      "Standard Webhooks (https://www.standardwebhooks.com): `webhook-signature` is `v1,` + base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<raw body>` keyed with the program's `whsec_…` secret (base64 after the prefix). Any Standard Webhooks library signs it.",
  },
  shopify: { type: "apiKey", in: "header", name: "X-Shopify-Hmac-Sha256", description: "Base64 HMAC-SHA256 of the raw body with the program's Shopify secret (as Shopify signs its webhooks)." },
  woocommerce: { type: "apiKey", in: "header", name: "X-WC-Webhook-Signature", description: "Base64 HMAC-SHA256 of the raw body with the program's WooCommerce secret (as WooCommerce signs its webhooks)." },
};

const RETRY_AFTER: JsonSchema = { description: "Seconds to wait before retrying.", schema: { type: "integer", minimum: 1 } };

function pathParameters(path: string): JsonSchema[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name!,
    in: "path",
    required: true,
    description: name === "programId" ? "The program's id (public; `npm run boomerang -- program:list`)." : "The redemption's id (`rdm_…`); another program's id answers 404.",
    schema: { type: "string" },
  }));
}

function queryParameters(query: z.ZodType | undefined): JsonSchema[] {
  if (!query) return [];
  const schema = jsonSchemaOf(query, "input");
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  // A query string has no null: keep the string branch of a nullish field.
  const notNull = (s: JsonSchema): JsonSchema => (Array.isArray(s.anyOf) ? ((s.anyOf as JsonSchema[]).find((b) => b.type !== "null") ?? s) : s);
  return Object.entries(properties).map(([name, s]) => ({ name, in: "query", required: required.has(name), schema: notNull(s) }));
}

function operation(e: Endpoint): JsonSchema {
  const parameters = [
    ...pathParameters(e.path),
    ...queryParameters(e.query),
    ...(e.headers ?? []).map((h) => ({ name: h.name, in: "header", required: h.required, description: h.description, schema: jsonSchemaOf(h.schema, "input"), example: h.example })),
  ];
  const responses: Record<string, Json> = {};
  for (const [status, r] of Object.entries(e.responses)) {
    responses[status] = { description: r.description, content: { [r.contentType ?? "application/json"]: { schema: jsonSchemaOf(r.schema, "output"), example: r.example as Json } } };
  }
  for (const [status, p] of Object.entries(e.problems)) {
    const retry = status === "429" || status === "503";
    responses[status] = {
      description: `${p.description} Codes: ${p.codes.map((c) => `\`${c}\``).join(", ")}.`,
      ...(retry ? { headers: { "Retry-After": RETRY_AFTER } } : {}),
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  return {
    operationId: e.operationId,
    tags: [e.tag],
    summary: e.summary,
    description: e.description,
    ...(parameters.length ? { parameters } : {}),
    ...(e.body
      ? { requestBody: { required: true, ...(e.body.description ? { description: e.body.description } : {}), content: { [e.body.contentType ?? "application/json"]: { schema: jsonSchemaOf(e.body.schema, "input"), example: e.body.example as Json } } } }
      : {}),
    responses,
    security: e.security === "none" ? [] : [{ [e.security]: e.scope ? [e.scope] : [] }],
    ...(e.scope ? { "x-scope": e.scope } : {}),
  };
}

const WEBHOOK_HEADERS: JsonSchema[] = [
  { name: "webhook-id", in: "header", required: true, description: "The message id (`msg_…`): the same on every retry and redelivery. Dedupe on it.", schema: { type: "string" }, example: "msg_2f1c9a7e5b3d4c8a9e0f1a2b3c4d5e6f" },
  { name: "webhook-timestamp", in: "header", required: true, description: "Unix seconds of this attempt. Refuse stale ones (the standardwebhooks libraries allow 5 minutes).", schema: { type: "string" }, example: "1796722212" },
  {
    name: "webhook-signature",
    in: "header",
    required: true,
    description: "Space-separated `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the endpoint's `whsec_…` secret. For 24 hours after a rotation there are two: one per secret; either verifies.",
    schema: { type: "string" },
    example: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  },
];

/**
 * OpenAPI 3.1 `webhooks`: what Boomerang POSTs to a business's endpoints (docs/integrations/outbound-webhooks.md),
 * from the zod schemas of lib/webhooks-out/events.ts.
 */
function webhooks(): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace(/\W/g, "_")}`,
          tags: ["Outbound webhooks"],
          summary: type,
          description: `${EVENT_DESCRIPTIONS[type as keyof typeof EVENT_DESCRIPTIONS]} Signed per Standard Webhooks; delivered at least once (retried for 3 days on any answer other than 2xx within 10 s), in no promised order.`,
          parameters: WEBHOOK_HEADERS,
          requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(schema, "output"), example: EVENT_EXAMPLES[type as keyof typeof EVENT_EXAMPLES] as Json } } },
          responses: {
            "2XX": { description: "Received. Any 2xx within 10 seconds counts as delivered; answer quickly and do the work afterwards." },
            default: { description: "Anything else (or no answer within 10 s) is retried: after about 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h, for 3 days." },
          },
        },
      },
    ]),
  );
}

/** The OpenAPI 3.1 document of the public API. */
export function openApiDocument(opts: { serverUrl?: string } = {}): JsonSchema {
  const paths: Record<string, Record<string, Json>> = {};
  for (const e of ENDPOINTS) (paths[e.path] ??= {})[e.method] = operation(e);
  return {
    openapi: "3.1.0",
    info: {
      title: "Boomerang API",
      version: "1.0.0",
      description:
        "Order events in (earn), balances and redemptions out (spend). Amounts are integers in minor units (4210 = €42.10; `PTS` programs count whole points). Every error is `application/problem+json` with a machine-readable `code`. Contracts: docs/integrations/order-events.md and docs/integrations/redemptions.md.",
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    tags: [
      { name: "Order events", description: "How a shop reports orders, so members earn." },
      { name: "Balances", description: "What a member may spend." },
      { name: "Redemptions", description: "Paying with cashback at checkout: hold, capture or cancel, refund." },
      { name: "Reference", description: "This document." },
      { name: "Outbound webhooks", description: "Events Boomerang sends to the business's endpoints (dashboard Integrations, or `webhooks:add`)." },
    ],
    paths,
    webhooks: webhooks(),
    components: {
      schemas: componentSchemas(),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
