import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { tryDecimalToMinor } from "@/lib/money/parse-decimal";
import { describeZodError } from "@/lib/validation";
import {
  acknowledgeUnsigned,
  openDelivery,
  receiveNativeDelivery,
  type InboundContext,
  type Mapped,
} from "./inbound";
import type { KeyedEvent } from "./handle-order-event";
import { emailSchema, occurredAtSchema, ORDER_CURRENCIES, validateOrderEvent, type OrderEvent } from "./order-event";

export const WOO_TOPICS = ["order.created", "order.updated"] as const;
const PAID = new Set(["processing", "completed"]);
const REFUNDED = "refunded";
const CANCELLED = "cancelled";

const idSchema = z.union([z.string().regex(/^\d{1,20}$/, "must be a numeric id"), z.number().int().nonnegative()], { error: "must be a numeric id" }).transform(String);
const moneySchema = z.union([z.string(), z.number()], { error: "must be a decimal amount" }).transform((v) => (typeof v === "number" ? String(v) : v));

const headSchema = z.object({ id: idSchema, status: z.string({ error: "must be a string" }) });

const orderSchema = z.object({
  id: idSchema,
  currency: z.enum(ORDER_CURRENCIES, { error: `must be one of ${ORDER_CURRENCIES.join(", ")}` }),
  total: moneySchema,
  customer_id: idSchema.nullish(),
  billing: z.object({ email: z.string().nullish() }).nullish(),
  date_paid_gmt: z.string().nullish(),
  date_created_gmt: z.string().nullish(),
  /** Woo lists an order's refunds on it (totals negative); a partial refund leaves the status as it was. */
  refunds: z.array(z.object({ id: idSchema, total: moneySchema })).max(1000).nullish(),
  line_items: z
    .array(z.object({ id: idSchema.nullish(), product_id: idSchema.nullish(), sku: z.string().nullish(), quantity: z.number().int().nonnegative(), total: moneySchema }))
    .max(1000)
    .nullish(),
});

/** Woo's *_gmt dates are UTC without a zone designator. */
function gmt(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  return occurredAtSchema.safeParse(iso).success ? iso : undefined;
}

/**
 * An order webhook by its status: processing or completed → paid (once per order, whichever comes first),
 * refunded → a refund of the whole order, cancelled after it was paid → a refund of the whole order, anything
 * else → nothing to do. Each refund the order lists is applied once by its id, whatever the status, so a
 * partial refund (the status stays completed) counts too (docs/money-rules.md).
 */
export function mapWooOrder(json: unknown): Mapped {
  const head = headSchema.safeParse(json);
  if (!head.success) return { kind: "invalid", ...describeZodError(head.error) };
  const status = head.data.status.replace(/^wc-/, "");
  if (!PAID.has(status) && status !== REFUNDED && status !== CANCELLED) return { kind: "ignored", reason: `order status "${status.slice(0, 40)}" is neither paid nor refunded` };

  const parsed = orderSchema.safeParse(json);
  if (!parsed.success) return { kind: "invalid", ...describeZodError(parsed.error) };
  const order = parsed.data;
  const total = tryDecimalToMinor(order.total, order.currency);
  if (total === null || total > BigInt(Number.MAX_SAFE_INTEGER)) return { kind: "invalid", message: `total: must be a decimal amount in ${order.currency}, e.g. "42.10"`, field: "total" };
  // A refund finds its order by id; the customer is the order's, so none is needed here.
  const refundOf = (amount: bigint): OrderEvent => ({ type: "order.refunded", data: { orderId: order.id, amount, currency: order.currency, customer: {} } });

  const refunds: KeyedEvent[] = [];
  for (const [i, r] of (order.refunds ?? []).entries()) {
    const amount = tryDecimalToMinor(r.total.trim().replace(/^-/, ""), order.currency);
    if (amount === null || amount > BigInt(Number.MAX_SAFE_INTEGER)) return { kind: "invalid", message: `refunds.${i}.total: must be a decimal amount in ${order.currency}`, field: `refunds.${i}.total` };
    if (amount > 0n) refunds.push({ event: refundOf(amount), keys: { eventKey: `refund:woo:${r.id}`, refundKey: `woo:refund:${r.id}` } });
  }

  if (status === REFUNDED) return { kind: "events", events: [...refunds, { event: refundOf(total), keys: { refundKey: `woo:${order.id}:refunded` } }] };
  if (status === CANCELLED) {
    // Cancelled before anyone paid: there was never a purchase. After payment: the whole order is refunded.
    if (!gmt(order.date_paid_gmt)) return { kind: "ignored", reason: "the order was cancelled before it was paid" };
    return { kind: "events", events: [...refunds, { event: refundOf(total), keys: { eventKey: `order:${order.id}:cancelled`, refundKey: `woo:${order.id}:cancelled` } }] };
  }

  // A free order: acknowledged so WooCommerce stops retrying, but nothing to reward.
  if (total === 0n) return { kind: "ignored", reason: "the order total is 0: nothing to reward" };
  const email = emailSchema.safeParse(order.billing?.email);
  const externalId = order.customer_id && order.customer_id !== "0" ? order.customer_id : undefined; // 0 is a guest
  if (!email.success && !externalId) return { kind: "ignored", reason: "the order names no customer (no billing e-mail, no customer id)" };
  const items = [];
  for (const [i, line] of (order.line_items ?? []).entries()) {
    if (line.quantity === 0) continue;
    const amount = tryDecimalToMinor(line.total, order.currency);
    if (amount === null || amount > BigInt(Number.MAX_SAFE_INTEGER)) {
      return { kind: "invalid", message: `line_items.${i}.total: must be a decimal amount in ${order.currency}`, field: `line_items.${i}.total` };
    }
    items.push({ sku: (line.sku?.trim() || `product:${line.product_id ?? line.id ?? i}`).slice(0, 100), amount: Number(amount), quantity: line.quantity });
  }
  const occurredAt = gmt(order.date_paid_gmt) ?? gmt(order.date_created_gmt);
  const paid = validateOrderEvent({
    type: "order.paid",
    data: {
      orderId: order.id,
      amount: Number(total),
      currency: order.currency,
      customer: { ...(email.success ? { email: email.data } : {}), ...(externalId ? { externalId } : {}) },
      ...(items.length > 0 ? { items } : {}),
      ...(occurredAt ? { occurredAt } : {}),
    },
  });
  if (!paid.ok) return { kind: "invalid", message: paid.message, field: paid.field };
  return refunds.length === 0 ? { kind: "event", event: paid.event, keys: {} } : { kind: "events", events: [{ event: paid.event, keys: {} }, ...refunds] };
}

const PING = /^webhook_id=\d{1,20}$/;
const isTopic = (topic: string): topic is (typeof WOO_TOPICS)[number] => (WOO_TOPICS as readonly string[]).includes(topic);

/**
 * POST /api/v1/programs/{programId}/woocommerce: WooCommerce order webhooks, signed with
 * X-WC-Webhook-Signature (base64 HMAC-SHA256 of the raw body with the secret set on the webhook). The
 * unsigned ping Woo sends when a webhook is saved gets a 200 and has no effect.
 */
export async function receiveWooWebhook(db: Db, req: Request, ctx: InboundContext): Promise<Response> {
  const opened = await openDelivery(db, req, ctx, "woocommerce");
  if (!opened.ok) return opened.response;
  const topic = req.headers.get("x-wc-webhook-topic")?.trim() ?? "";
  const signature = req.headers.get("x-wc-webhook-signature");
  const log = { programId: opened.program.id, channel: "woocommerce" as const, webhookId: req.headers.get("x-wc-webhook-delivery-id"), eventType: topic || null };

  if (!topic && !signature && PING.test(opened.raw.toString("utf8").trim())) return acknowledgeUnsigned(db, { ...log, eventType: "ping" }, ctx.ip, "WooCommerce ping (webhook saved)");

  return receiveNativeDelivery(db, ctx, opened.raw, log, {
    channel: "woocommerce",
    shop: "WooCommerce",
    secret: opened.program.wooWebhookSecret,
    signature,
    signatureHeader: "X-WC-Webhook-Signature",
    webhookIdHeader: "X-WC-Webhook-Delivery-ID",
    map: isTopic(topic) ? mapWooOrder : null,
  });
}
