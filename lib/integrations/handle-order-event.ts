import "server-only";
import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import type { RewardStatus } from "@/lib/db/generated/enums";
import { unitOfWork, type Sql } from "@/lib/db/unit-of-work";
import { formatMoney } from "@/lib/money/format";
import { recordPurchaseWith } from "@/lib/purchases/record-purchase";
import { recordRefundWith } from "@/lib/purchases/record-refund";
import type { Actor } from "@/lib/rewards/actor";
import type { OrderEvent, OrderEventType } from "./order-event";

// The event handlers: one per event type, each applying a verified, validated event inside one unit of
// work. Receiving (body cap, rate limits, signatures, refusals) is inbound.ts.

export type Channel = "generic" | "shopify" | "woocommerce";

/** One delivery of an event: who sent it, and the id it was sent under (replays reuse it). */
export type Delivery = { programId: string; channel: Channel; webhookId: string };

/**
 * Overrides of the default replay keys, for channels whose events carry better ones (a Shopify refund has
 * its own id, so two partial refunds of one order are two events).
 */
export type EventKeys = { eventKey?: string; refundKey?: string };

/** What a native shop payload becomes: an event for the pipeline, nothing to do, or a refusal naming the field. */
export type Mapped = { kind: "event"; event: OrderEvent; keys: EventKeys } | { kind: "ignored"; reason: string } | { kind: "invalid"; message: string; field?: string };

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
    origin: { channel: delivery.channel, webhookId: delivery.webhookId },
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
  const outcome = await recordRefundWith(sql, {
    programId: delivery.programId,
    source: "WEBHOOK",
    orderId: data.orderId,
    refundMinor: data.amount,
    refundKey: keys.refundKey ?? delivery.webhookId,
    eventKeys: [webhookKey(delivery), keys.eventKey ?? `order:${data.orderId}:${type}`],
    actor: actorOf(delivery),
  });
  if (outcome.status === "duplicate") return { status: "duplicate", orderId: data.orderId, reason: "already received" };
  return { status: "accepted", orderId: data.orderId, reason: outcome.found ? `refund of ${formatMoney(BigInt(data.amount), data.currency)} applied` : "no such order: nothing to refund" };
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
  return unitOfWork(db, async (sql) => {
    const handled = await HANDLERS[event.type](sql, delivery, event, keys);
    const accepted = handled.status === "accepted";
    sql.write(DELIVERY_LOG_SQL, [
      randomUUID(),
      delivery.programId,
      delivery.channel,
      delivery.webhookId,
      event.type,
      handled.orderId,
      accepted ? "ACCEPTED" : "DUPLICATE",
      accepted ? 202 : 200,
      handled.reason,
    ]);
    return { httpStatus: accepted ? 202 : 200, status: handled.status };
  });
}
