import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { tryDecimalToMinor } from "@/lib/money/parse-decimal";
import { describeZodError } from "@/lib/validation";
import {
  openDelivery,
  receiveNativeDelivery,
  type EventKeys,
  type InboundContext,
  type Mapped,
} from "./inbound";
import { emailSchema, occurredAtSchema, ORDER_CURRENCIES, validateOrderEvent, type OrderCurrency, type OrderEvent } from "./order-event";
import { mulDivCeil, scaledDecimal, unscaled } from "./presentment";

export const SHOPIFY_TOPICS = ["orders/paid", "refunds/create", "disputes/create"] as const;

// Ids arrive as numbers (long ones kept as digit strings by parseJsonKeepingLongIntegers) or strings.
const idSchema = z.union([z.string().regex(/^\d{1,20}$/, "must be a numeric id"), z.number().int().nonnegative()], { error: "must be a numeric id" }).transform(String);
// Shopify's REST payloads carry money as decimal strings, a few older fields as JSON numbers.
const moneySchema = z.union([z.string(), z.number()], { error: "must be a decimal amount" }).transform((v) => (typeof v === "number" ? String(v) : v));
const moneyBagSchema = z.object({ amount: moneySchema, currency_code: z.string().nullish() });
// shop_money is in the shop's currency, presentment_money in the customer's.
const moneySetSchema = z.object({ shop_money: moneyBagSchema.nullish(), presentment_money: moneyBagSchema.nullish() });
const currencySchema = z.enum(ORDER_CURRENCIES, { error: `must be one of ${ORDER_CURRENCIES.join(", ")}` });

const orderSchema = z.object({
  id: idSchema,
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  currency: currencySchema,
  total_price: moneySchema,
  total_price_set: moneySetSchema.nullish(),
  processed_at: z.string().nullish(),
  created_at: z.string().nullish(),
  customer: z.object({ id: idSchema.nullish(), email: z.string().nullish() }).nullish(),
  line_items: z
    .array(
      z.object({
        id: idSchema.nullish(),
        variant_id: idSchema.nullish(),
        sku: z.string().nullish(),
        product_type: z.string().nullish(),
        price: moneySchema,
        quantity: z.number().int().nonnegative(),
        total_discount: moneySchema.nullish(),
        discount_allocations: z.array(z.object({ amount: moneySchema })).nullish(),
      }),
    )
    .max(1000)
    .nullish(),
});

const refundSchema = z.object({
  id: idSchema,
  order_id: idSchema,
  transactions: z.array(z.object({ kind: z.string().nullish(), status: z.string().nullish(), amount: moneySchema, currency: z.string().nullish() })).nullish(),
  refund_line_items: z
    .array(z.object({ subtotal: moneySchema.nullish(), total_tax: moneySchema.nullish(), subtotal_set: moneySetSchema.nullish(), total_tax_set: moneySetSchema.nullish() }))
    .nullish(),
  refund_shipping_lines: z.array(z.object({ subtotal_amount_set: moneySetSchema.nullish() })).nullish(),
  order_adjustments: z.array(z.object({ kind: z.string().nullish(), amount_set: moneySetSchema.nullish() })).nullish(),
  total_duties_set: moneySetSchema.nullish(),
});

const disputeSchema = z.object({
  id: idSchema,
  order_id: idSchema.nullish(),
  type: z.string().nullish(),
  amount: moneySchema,
  currency: z.string({ error: "must be a currency code" }).regex(/^[A-Za-z]{3}$/, "must be a currency code"),
});

const invalid = (error: z.ZodError): Mapped => ({ kind: "invalid", ...describeZodError(error) });

/** Runs the mapped event through the generic contract's schema, so every channel meets the same rules. */
function asEvent(contract: unknown, keys: EventKeys = {}): Mapped {
  const checked = validateOrderEvent(contract);
  return checked.ok ? { kind: "event", event: checked.event, keys } : { kind: "invalid", message: checked.message, field: checked.field };
}

/** Minor units of a decimal, or a refusal naming the field. */
function minor(value: string, currency: OrderCurrency, field: string): bigint | Mapped {
  const amount = tryDecimalToMinor(value, currency);
  if (amount === null || amount > BigInt(Number.MAX_SAFE_INTEGER)) return { kind: "invalid", message: `${field}: must be a decimal amount in ${currency}, e.g. "42.10"`, field };
  return amount;
}

const validEmail = (value: string | null | undefined) => {
  const parsed = emailSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** orders/paid: the order total, the customer's e-mail and Shopify customer id, and its lines for the rules. */
export function mapShopifyOrder(json: unknown): Mapped {
  const parsed = orderSchema.safeParse(json);
  if (!parsed.success) return invalid(parsed.error);
  const order = parsed.data;
  const email = validEmail(order.email) ?? validEmail(order.customer?.email) ?? validEmail(order.contact_email);
  const externalId = order.customer?.id ?? undefined;
  if (!email && !externalId) return { kind: "ignored", reason: "the order names no customer (no e-mail, no customer id)" };

  const total = minor(order.total_price, order.currency, "total_price");
  if (typeof total !== "bigint") return total;
  // A free order (a 100% discount): acknowledged so Shopify stops retrying, but nothing to reward.
  if (total === 0n) return { kind: "ignored", reason: "the order total is 0: nothing to reward" };
  const items = [];
  for (const [i, line] of (order.line_items ?? []).entries()) {
    if (line.quantity === 0) continue; // removed by an order edit
    const price = minor(line.price, order.currency, `line_items.${i}.price`);
    if (typeof price !== "bigint") return price;
    let discount = 0n;
    const discounts = line.discount_allocations?.length ? line.discount_allocations.map((d) => d.amount) : line.total_discount ? [line.total_discount] : [];
    for (const value of discounts) {
      const amount = minor(value, order.currency, `line_items.${i}.discount`);
      if (typeof amount !== "bigint") return amount;
      discount += amount;
    }
    const lineTotal = price * BigInt(line.quantity) - discount;
    items.push({
      sku: (line.sku?.trim() || (line.variant_id ? `variant:${line.variant_id}` : `line:${line.id ?? i}`)).slice(0, 100),
      ...(line.product_type?.trim() ? { category: line.product_type.trim().slice(0, 100) } : {}),
      amount: Number(lineTotal > 0n ? lineTotal : 0n),
      quantity: line.quantity,
    });
  }
  const occurredAt = [order.processed_at, order.created_at].find((t) => occurredAtSchema.safeParse(t).success);
  // Paid in another currency than the shop's: its total in that currency is kept, to convert refunds stated in it.
  const presentment = order.total_price_set?.presentment_money;
  const keys =
    presentment?.currency_code && presentment.currency_code.toUpperCase() !== order.currency && scaledDecimal(presentment.amount) !== null
      ? { origin: { presentment: { amount: presentment.amount, currency: presentment.currency_code.toUpperCase() } } }
      : {};
  return asEvent({
    type: "order.paid",
    data: {
      orderId: order.id,
      amount: Number(total),
      currency: order.currency,
      customer: { ...(email ? { email } : {}), ...(externalId ? { externalId } : {}) },
      ...(items.length > 0 ? { items } : {}),
      ...(occurredAt ? { occurredAt } : {}),
    },
  }, keys);
}

type Refund = z.output<typeof refundSchema>;
type MoneySet = z.output<typeof moneySetSchema>;

/** The refunded parts that carry both currencies: lines (subtotal and tax), shipping, duties. */
function refundedParts(refund: Refund): { set: MoneySet; field: string }[] {
  const parts: { set: MoneySet; field: string }[] = [];
  for (const [i, l] of (refund.refund_line_items ?? []).entries()) {
    if (l.subtotal_set) parts.push({ set: l.subtotal_set, field: `refund_line_items.${i}.subtotal_set` });
    if (l.total_tax_set) parts.push({ set: l.total_tax_set, field: `refund_line_items.${i}.total_tax_set` });
  }
  for (const [i, l] of (refund.refund_shipping_lines ?? []).entries()) {
    if (l.subtotal_amount_set) parts.push({ set: l.subtotal_amount_set, field: `refund_shipping_lines.${i}.subtotal_amount_set` });
  }
  for (const [i, a] of (refund.order_adjustments ?? []).entries()) {
    if (a.kind === "shipping_refund" && a.amount_set) parts.push({ set: a.amount_set, field: `order_adjustments.${i}.amount_set` });
  }
  if (refund.total_duties_set) parts.push({ set: refund.total_duties_set, field: "total_duties_set" });
  return parts;
}

const stripSign = (v: string) => v.trim().replace(/^-/, "");

/**
 * refunds/create: the money refunded (successful refund transactions; without any, the refunded lines'
 * subtotal and tax). Keyed by the refund's id, so several partial refunds of one order each count once.
 * Transactions in the customer's currency when the shop books in another (Shopify Markets) are not the shop's
 * money: the refunded parts' shop amounts are used when they add up to what was refunded, else the refund is
 * converted at the rate of those parts, else at the order's own rate (docs/money-rules.md).
 */
export function mapShopifyRefund(json: unknown): Mapped {
  const parsed = refundSchema.safeParse(json);
  if (!parsed.success) return invalid(parsed.error);
  const refund = parsed.data;
  const transactions = (refund.transactions ?? []).filter((t) => t.kind === "refund" && (t.status == null || t.status === "success"));
  const lines = refund.refund_line_items ?? [];
  const parts = refundedParts(refund);
  const shopNamed = parts.map((p) => p.set.shop_money?.currency_code).find((c) => c)?.toUpperCase();
  const txNamed = transactions.find((t) => t.currency)?.currency?.toUpperCase();
  const keys = { eventKey: `refund:shopify:${refund.id}`, refundKey: `shopify:${refund.id}` };
  const event = (amount: bigint, currency: OrderCurrency): OrderEvent => ({ type: "order.refunded", data: { orderId: refund.order_id, amount, currency, customer: {} } });

  const presentment = transactions.length > 0 && txNamed !== undefined && txNamed !== (shopNamed ?? txNamed);
  const txIsOrderCurrency = txNamed === undefined || currencySchema.safeParse(txNamed).success;
  if (presentment || (transactions.length > 0 && !txIsOrderCurrency)) {
    let refunded = 0n;
    for (const [i, t] of transactions.entries()) {
      const amount = scaledDecimal(t.amount);
      if (amount === null) return { kind: "invalid", message: `transactions.${i}.amount: must be a decimal amount, e.g. "42.10"`, field: `transactions.${i}.amount` };
      refunded += amount;
    }
    const shopCurrency = currencySchema.safeParse(shopNamed);
    let shopSum = 0n;
    let presentmentSum = 0n;
    let complete = shopCurrency.success && parts.length > 0;
    for (const part of complete ? parts : []) {
      const shopMoney = part.set.shop_money;
      const presentmentMoney = part.set.presentment_money;
      if (!shopCurrency.success || !shopMoney || !presentmentMoney || presentmentMoney.currency_code?.toUpperCase() !== txNamed) {
        complete = false;
        break;
      }
      const shopAmount = minor(stripSign(shopMoney.amount), shopCurrency.data, `${part.field}.shop_money.amount`);
      if (typeof shopAmount !== "bigint") return shopAmount;
      const presentmentAmount = scaledDecimal(stripSign(presentmentMoney.amount));
      if (presentmentAmount === null) return { kind: "invalid", message: `${part.field}.presentment_money.amount: must be a decimal amount`, field: `${part.field}.presentment_money.amount` };
      shopSum += shopAmount;
      presentmentSum += presentmentAmount;
    }
    if (complete && shopCurrency.success && presentmentSum > 0n) {
      // The shop's own amounts when the parts are the whole refund; else the refund at the parts' rate.
      const amount = presentmentSum === refunded ? shopSum : mulDivCeil(refunded, shopSum, presentmentSum);
      return { kind: "event", event: event(amount, shopCurrency.data), keys };
    }
    // Only the customer's amount is known: converted at the order's rate when it is applied.
    return { kind: "event", event: event(0n, shopCurrency.success ? shopCurrency.data : "EUR"), keys: { ...keys, presentment: { amount: unscaled(refunded), currency: txNamed ?? "" } } };
  }

  const named = txNamed ?? lines.find((l) => l.subtotal_set?.shop_money?.currency_code)?.subtotal_set?.shop_money?.currency_code;
  // Every order currency has two decimals, so a refund that names none converts the same whichever it is.
  const currency = currencySchema.safeParse(named ?? "EUR");
  if (!currency.success) return { kind: "invalid", message: `currency: must be one of ${ORDER_CURRENCIES.join(", ")}`, field: "currency" };

  const amounts: [string, string][] =
    transactions.length > 0
      ? transactions.map((t, i) => [t.amount, `transactions.${i}.amount`])
      : lines.flatMap((l, i) => {
          const subtotal = l.subtotal_set?.shop_money?.amount ?? l.subtotal;
          const tax = l.total_tax_set?.shop_money?.amount ?? l.total_tax;
          return [
            ...(subtotal != null ? [[subtotal, `refund_line_items.${i}.subtotal`] as [string, string]] : []),
            ...(tax != null ? [[tax, `refund_line_items.${i}.total_tax`] as [string, string]] : []),
          ];
        });
  let total = 0n;
  for (const [value, field] of amounts) {
    const amount = minor(value, currency.data, field);
    if (typeof amount !== "bigint") return amount;
    total += amount;
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) return { kind: "invalid", message: "transactions: the refunded total is too large", field: "transactions" };
  // A refund finds its order by id; the customer is the order's, so none is needed here.
  return { kind: "event", event: event(total, currency.data), keys };
}

/**
 * disputes/create: a chargeback takes the disputed amount back like a refund of the order (docs/money-rules.md),
 * once per dispute; an inquiry changes nothing. The amount is in the dispute's currency, converted to the
 * order's when that differs.
 */
export function mapShopifyDispute(json: unknown): Mapped {
  const parsed = disputeSchema.safeParse(json);
  if (!parsed.success) return invalid(parsed.error);
  const dispute = parsed.data;
  if (dispute.type !== "chargeback") return { kind: "ignored", reason: `a dispute of type "${(dispute.type ?? "").slice(0, 30)}" is not a chargeback` };
  if (!dispute.order_id) return { kind: "ignored", reason: "the dispute names no order" };
  if (scaledDecimal(dispute.amount) === null) return { kind: "invalid", message: 'amount: must be a decimal amount, e.g. "42.10"', field: "amount" };
  const event: OrderEvent = { type: "order.refunded", data: { orderId: dispute.order_id, amount: 0n, currency: "EUR", customer: {} } };
  return {
    kind: "event",
    event,
    keys: { eventKey: `dispute:shopify:${dispute.id}`, refundKey: `shopify:dispute:${dispute.id}`, presentment: { amount: dispute.amount, currency: dispute.currency.toUpperCase() } },
  };
}

const MAPPERS: Record<(typeof SHOPIFY_TOPICS)[number], (json: unknown) => Mapped> = {
  "orders/paid": mapShopifyOrder,
  "refunds/create": mapShopifyRefund,
  "disputes/create": mapShopifyDispute,
};

const isTopic = (topic: string): topic is (typeof SHOPIFY_TOPICS)[number] => (SHOPIFY_TOPICS as readonly string[]).includes(topic);

/**
 * POST /api/v1/programs/{programId}/shopify: Shopify's own webhooks, signed with X-Shopify-Hmac-Sha256
 * (base64 HMAC-SHA256 of the raw body with the program's Shopify secret). No secret set → 401, never a
 * silent accept.
 */
export async function receiveShopifyWebhook(db: Db, req: Request, ctx: InboundContext): Promise<Response> {
  const opened = await openDelivery(db, req, ctx, "shopify");
  if (!opened.ok) return opened.response;
  const topic = req.headers.get("x-shopify-topic")?.trim() ?? "";
  const log = { programId: opened.program.id, channel: "shopify" as const, webhookId: req.headers.get("x-shopify-webhook-id"), eventType: topic || null };

  return receiveNativeDelivery(db, ctx, opened.raw, log, {
    channel: "shopify",
    shop: "Shopify",
    secret: opened.program.shopifyWebhookSecret,
    signature: req.headers.get("x-shopify-hmac-sha256"),
    signatureHeader: "X-Shopify-Hmac-Sha256",
    webhookIdHeader: "X-Shopify-Webhook-Id",
    map: isTopic(topic) ? MAPPERS[topic] : null,
  });
}
