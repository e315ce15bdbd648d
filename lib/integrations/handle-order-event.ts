import "server-only";
import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, RewardStatus } from "@/lib/db/generated/enums";
import type { Json } from "@/lib/ledger";
import { unitOfWork, type Sql } from "@/lib/db/unit-of-work";
import { formatMoney } from "@/lib/money/format";
import { recordPurchaseWith } from "@/lib/purchases/record-purchase";
import { recordRefundWith } from "@/lib/purchases/record-refund";
import type { Actor } from "@/lib/rewards/actor";
import type { OrderEvent, OrderEventType } from "./order-event";
import { presentmentToShopMinor } from "./presentment";

// The event handlers: one per event type, each applying a verified, validated event inside one unit of
// work. Receiving (body cap, rate limits, signatures, refusals) is inbound.ts.

export type Channel = "generic" | "shopify" | "woocommerce";

/** One delivery of an event: who sent it, and the id it was sent under (replays reuse it). */
export type Delivery = { programId: string; channel: Channel; webhookId: string };

/**
 * Overrides of the default replay keys, for channels whose events carry better ones (a Shopify refund has
 * its own id, so two partial refunds of one order are two events).
 */
export type EventKeys = {
  eventKey?: string;
  refundKey?: string;
  /** Kept on the purchase's origin (a Shopify order's total in the customer's currency). */
  origin?: { [key: string]: Json };
  /**
   * A refund the shop stated only in the customer's (presentment) currency: converted to the order's own
   * currency by the order's totals in both (docs/money-rules.md); the event's amount is then ignored.
   */
  presentment?: { amount: string; currency: string };
};

/** One event of a delivery with its keys. */
export type KeyedEvent = { event: OrderEvent; keys: EventKeys };

/**
 * What a native shop payload becomes: an event for the pipeline, several (a WooCommerce order carrying its
 * payment and its partial refunds), nothing to do, or a refusal naming the field.
 */
export type Mapped =
  | { kind: "event"; event: OrderEvent; keys: EventKeys }
  | { kind: "events"; events: KeyedEvent[] }
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; message: string; field?: string };

/** A refund in the customer's currency for an order not received yet: it cannot be converted, so the shop is asked to retry. */
export class OrderNotReceivedYet extends Error {
  constructor(readonly orderId: string) {
    super(`The order ${orderId.slice(0, 60)} this refund belongs to has not been received yet; retry later.`);
  }
}

type Handled = { status: "accepted" | "duplicate"; orderId: string; reason: string };
type Handler = (sql: Sql, delivery: Delivery, event: OrderEvent, keys: EventKeys) => Promise<Handled>;

/** The generic contract keeps "wh:<id>"; native channels get their own namespace so their ids cannot collide. */
function webhookKey(d: Delivery): string {
  return d.channel === "generic" ? `wh:${d.webhookId}` : `wh:${d.channel}:${d.webhookId}`;
}

function actorOf(d: Delivery): Actor {
  return { type: "WEBHOOK", id: `${d.channel}:${d.webhookId}` };
}

const rewardReason = (status: RewardStatus) => `reward ${status.toLowerCase().replace("_", " ")}`;

const handleOrderPaid: Handler = async (sql, delivery, { type, data }, keys) => {
  // The schema requires a customer on order.paid; this only tells the compiler.
  if (!data.customer) throw new Error("order.paid without a customer passed validation");
  const outcome = await recordPurchaseWith(sql, {
    programId: delivery.programId,
    source: "WEBHOOK",
    orderId: data.orderId,
    origin: { ...keys.origin, channel: delivery.channel, webhookId: delivery.webhookId },
    amountMinor: data.amount,
    currency: data.currency,
    customer: data.customer,
    items: data.items?.map((i) => ({ sku: i.sku, category: i.category, amountMinor: i.amount, quantity: i.quantity })),
    occurredAt: data.occurredAt,
    actor: actorOf(delivery),
    eventKeys: [webhookKey(delivery), keys.eventKey ?? `order:${data.orderId}:${type}`],
  });
  if (outcome.status === "duplicate") return { status: "duplicate", orderId: data.orderId, reason: "already received" };
  // The log is the provider's own view, so it may say what the public answer must not.
  const reason = outcome.reward ? rewardReason(outcome.reward.status) : "customer is not a member yet: rewarded when they join";
  return { status: "accepted", orderId: data.orderId, reason };
};

const handleOrderRefunded: Handler = async (sql, delivery, { type, data }, keys) => {
  let refundMinor = data.amount;
  let currency: Currency = data.currency;
  if (keys.presentment) {
    const converted = await presentmentToShopMinor(sql, { programId: delivery.programId, orderId: data.orderId, refund: keys.presentment });
    if (converted === null) throw new OrderNotReceivedYet(data.orderId);
    ({ amountMinor: refundMinor, currency } = converted);
  }
  const outcome = await recordRefundWith(sql, {
    programId: delivery.programId,
    source: "WEBHOOK",
    orderId: data.orderId,
    refundMinor,
    refundKey: keys.refundKey ?? delivery.webhookId,
    eventKeys: [webhookKey(delivery), keys.eventKey ?? `order:${data.orderId}:${type}`],
    actor: actorOf(delivery),
  });
  if (outcome.status === "duplicate") return { status: "duplicate", orderId: data.orderId, reason: "already received" };
  return { status: "accepted", orderId: data.orderId, reason: outcome.found ? `refund of ${formatMoney(refundMinor, currency)} applied` : "no such order: nothing to refund" };
};

const HANDLERS: Record<OrderEventType, Handler> = {
  "order.paid": handleOrderPaid,
  "order.refunded": handleOrderRefunded,
};

export type InboundAnswer = { httpStatus: 200 | 202; status: "accepted" | "duplicate" | "ignored" };

const DELIVERY_LOG_SQL = `INSERT INTO webhook_deliveries (id, program_id, channel, webhook_id, event_type, order_id, status, http_status, reason)
  VALUES ($1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::"DeliveryStatus", $8::int, $9::text)`;

/**
 * Applies a verified, validated event exactly once: its replay keys, its effect and its delivery log row
 * commit in one unit of work, so concurrent deliveries of one event produce one purchase and the rest are
 * duplicates. The log row is sent without waiting, beside the effect's last statement and COMMIT. The
 * answer never depends on whether the customer is a member.
 */
export async function handleOrderEvent(db: DbOrTx, delivery: Delivery, event: OrderEvent, keys: EventKeys = {}): Promise<InboundAnswer> {
  return handleOrderEvents(db, delivery, [{ event, keys }]);
}

/**
 * handleOrderEvent for the events of one delivery, in one unit of work. The first keeps the delivery's id as
 * its replay key; the n-th has "<id>#n", so a retried delivery is a duplicate of each. Accepted when any was.
 */
export async function handleOrderEvents(db: DbOrTx, delivery: Delivery, events: KeyedEvent[]): Promise<InboundAnswer> {
  return unitOfWork(db, async (sql) => {
    let anyAccepted = false;
    for (const [i, { event, keys }] of events.entries()) {
      const one = i === 0 ? delivery : { ...delivery, webhookId: `${delivery.webhookId}#${i}` };
      const handled = await HANDLERS[event.type](sql, one, event, keys);
      const accepted = handled.status === "accepted";
      anyAccepted ||= accepted;
      sql.write(DELIVERY_LOG_SQL, [
        randomUUID(),
        delivery.programId,
        delivery.channel,
        one.webhookId,
        event.type,
        handled.orderId,
        accepted ? "ACCEPTED" : "DUPLICATE",
        accepted ? 202 : 200,
        handled.reason,
      ]);
    }
    return { httpStatus: anyAccepted ? 202 : 200, status: anyAccepted ? "accepted" : "duplicate" };
  });
}
