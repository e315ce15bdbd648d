import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { randomUUID } from "node:crypto";
import { db as rootDb, inTransaction, sqlOn, withSqlTransaction, type Db, type Sql, type Tx } from "@/lib/db/client";
import type { GuardKind, RewardStatus } from "@/lib/db/generated/enums";
import type { ErrorCode } from "@/lib/errors";
import { recordGuardHit } from "@/lib/guards/record-guard-hit";
import { problem } from "@/lib/http/problem";
import { openInboundProgram, type InboundProgram } from "@/lib/programs/webhook-secrets";
import { PrismaTransactionNeeded, recordPurchaseWith } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import type { Actor } from "@/lib/rewards/actor";
import { parseJsonKeepingLongIntegers, parseOrderEvent, type OrderEvent, type OrderEventType } from "./order-event";

export type Channel = "generic" | "shopify" | "woocommerce";

/** Larger bodies are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 256 * 1024;
const MAX_WEBHOOK_ID_LENGTH = 200;
const DEFAULT_PER_MINUTE = 600;

/** Order events one program may receive per minute (EVENTS_RATE_LIMIT_PER_MINUTE, default 600). */
export function eventsPerMinute(): number {
  const configured = Number(process.env.EVENTS_RATE_LIMIT_PER_MINUTE);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_PER_MINUTE;
}

/** The per-address limit of the inbound endpoints: twice a program's, since one shop server may serve two programs. */
export function eventsIpRateLimit() {
  return { name: "events-ip", limit: 2 * eventsPerMinute(), windowSeconds: 60 };
}

// Read once when the endpoints load, as the route wrapper's limit was.
const IP_RATE_LIMIT = eventsIpRateLimit();

// ─── Handlers: one per event type ───────────────────────────────────────────────────────────────────

/** One delivery of an event: who sent it, and the id it was sent under (replays reuse it). */
export type Delivery = { programId: string; channel: Channel; webhookId: string };

/**
 * Overrides of the default replay keys, for channels whose events carry better ones (a Shopify refund has
 * its own id, so two partial refunds of one order are two events).
 */
export type EventKeys = { eventKey?: string; refundKey?: string };

/** What a native shop payload becomes: an event for the pipeline, nothing to do, or a refusal naming the field. */
export type Mapped = { kind: "event"; event: OrderEvent; keys: EventKeys } | { kind: "ignored"; reason: string } | { kind: "invalid"; message: string; field?: string };

/** `logged`: the handler wrote the delivery's log row itself, in its last statement. */
type Handled = { status: "accepted" | "duplicate"; orderId: string; reason: string; logged?: boolean };
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
  // Without a Prisma transaction the reward's status is final when it is written (no 0-day hold), so the log
  // row goes into the same statement as the reward and its ledger posting: nothing runs between the posting
  // (which locks the provider's liability account) and COMMIT.
  let logged = false;
  const also = sql.tx
    ? undefined
    : (status: RewardStatus, param: (value: unknown) => string) => {
        logged = true;
        return deliveryInsertSql(param, { delivery, eventType: type, orderId: data.orderId, status: "accepted", reason: rewardReason(status) });
      };
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
  }, { also, last: also !== undefined });
  if (outcome.status === "duplicate") return { status: "duplicate", orderId: data.orderId, reason: "already received" };
  // The log is the provider's own view, so it may say what the public answer must not.
  const reason = outcome.reward ? rewardReason(outcome.reward.status) : "customer is not a member yet: rewarded when they join";
  return { status: "accepted", orderId: data.orderId, reason, logged: logged && outcome.reward !== null };
};

const handleOrderRefunded: Handler = async (sql, delivery, { type, data }, keys) => {
  if (!sql.tx) throw new PrismaTransactionNeeded();
  const outcome = await recordRefund(sql.tx, {
    programId: delivery.programId,
    source: "WEBHOOK",
    orderId: data.orderId,
    refundMinor: data.amount,
    refundKey: keys.refundKey ?? delivery.webhookId,
    eventKeys: [webhookKey(delivery), keys.eventKey ?? `order:${data.orderId}:${type}`],
    actor: actorOf(delivery),
  });
  if (outcome.status === "duplicate") return { status: "duplicate", orderId: data.orderId, reason: "already received" };
  return { status: "accepted", orderId: data.orderId, reason: outcome.found ? `refund of ${data.amount} applied` : "no such order: nothing to refund" };
};

const HANDLERS: Record<OrderEventType, Handler> = {
  "order.paid": handleOrderPaid,
  "order.refunded": handleOrderRefunded,
};

export type InboundAnswer = { httpStatus: 200 | 202; status: "accepted" | "duplicate" | "ignored" };

/** The INSERT of a delivery's log row, its parameters added with `param`. */
function deliveryInsertSql(
  param: (value: unknown) => string,
  row: { delivery: Delivery; eventType: string; orderId: string; status: Handled["status"]; reason: string },
): string {
  const values = [
    `${param(randomUUID())}::uuid`,
    `${param(row.delivery.programId)}::uuid`,
    `${param(row.delivery.channel)}::text`,
    `${param(row.delivery.webhookId)}::text`,
    `${param(row.eventType)}::text`,
    `${param(row.orderId)}::text`,
    `${param(row.status === "accepted" ? "ACCEPTED" : "DUPLICATE")}::"DeliveryStatus"`,
    `${param(row.status === "accepted" ? 202 : 200)}::int`,
    `${param(row.reason)}::text`,
  ];
  return `INSERT INTO webhook_deliveries (id, program_id, channel, webhook_id, event_type, order_id, status, http_status, reason) VALUES (${values.join(", ")})`;
}

async function applyEvent(sql: Sql, delivery: Delivery, event: OrderEvent, keys: EventKeys): Promise<InboundAnswer> {
  const handled = await HANDLERS[event.type](sql, delivery, event, keys);
  if (!handled.logged) {
    const params: unknown[] = [];
    const statement = deliveryInsertSql((value) => `$${params.push(value)}`, { delivery, eventType: event.type, orderId: handled.orderId, status: handled.status, reason: handled.reason });
    await sql.query(statement, params);
  }
  return { httpStatus: handled.status === "accepted" ? 202 : 200, status: handled.status };
}

/**
 * Applies a verified, validated event exactly once: its replay keys, its effect and its log row commit in
 * one transaction, so concurrent deliveries of one event produce one purchase and the rest are duplicates.
 * The answer never depends on whether the customer is a member.
 *
 * On the process-wide client an order.paid runs on the plain SQL pool (no Prisma on the hot path); a refund,
 * a program with a 0-day hold (`holdDays`, or found out before anything is written) or a caller's
 * transaction take a Prisma transaction. Both run the same statements.
 */
export async function handleOrderEvent(db: Db | Tx, delivery: Delivery, event: OrderEvent, keys: EventKeys = {}, opts: { holdDays?: number } = {}): Promise<InboundAnswer> {
  if (db === rootDb && event.type === "order.paid" && opts.holdDays !== 0) {
    try {
      return await withSqlTransaction((sql) => applyEvent(sql, delivery, event, keys));
    } catch (error) {
      if (!(error instanceof PrismaTransactionNeeded)) throw error;
    }
  }
  return inTransaction(db, (tx) => applyEvent(sqlOn(tx), delivery, event, keys));
}

/** The public answer: its body is the same bytes for every event with the same outcome. */
export function respond(answer: InboundAnswer): Response {
  return new Response(JSON.stringify({ status: answer.status }), {
    status: answer.httpStatus,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

// ─── Receiving: the steps every inbound endpoint shares ─────────────────────────────────────────────

export type InboundContext = { programId: string; requestId: string; ip: string };
export type { InboundProgram };
type LogFields = { programId: string; channel: Channel; webhookId?: string | null; eventType?: string | null; orderId?: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const clip = (s: string | null | undefined, max = 200) => (s == null ? null : s.slice(0, max));

/** Refuses a delivery: logs it for the Integrations page (and counts a guard hit when one applies). */
export async function rejectDelivery(
  db: Db,
  log: LogFields,
  code: ErrorCode,
  detail: string,
  opts: { field?: string; requestId?: string; retryAfterSeconds?: number; guard?: { kind: GuardKind; subject: string } } = {},
): Promise<Response> {
  const response = problem(code, detail, { field: opts.field, requestId: opts.requestId, retryAfterSeconds: opts.retryAfterSeconds });
  await logDelivery(db, log, "REJECTED", response.status, detail);
  if (opts.guard) {
    await recordGuardHit(db, { programId: log.programId, guard: opts.guard.kind, subject: opts.guard.subject, details: { channel: log.channel, reason: detail.slice(0, 200) } });
  }
  return response;
}

/** A verified delivery Boomerang has nothing to do with (another topic, an unpaid status): 200, logged. */
export async function ignoreDelivery(db: Db, log: LogFields, reason: string): Promise<Response> {
  await logDelivery(db, log, "ACCEPTED", 200, `ignored: ${reason}`);
  return respond({ httpStatus: 200, status: "ignored" });
}

/** One row of the Integrations page's delivery log, with every field clipped to what the table keeps. */
async function logDelivery(db: Db, log: LogFields, status: "ACCEPTED" | "REJECTED", httpStatus: number, reason: string): Promise<void> {
  await db.webhookDelivery.create({
    data: {
      programId: log.programId,
      channel: log.channel,
      webhookId: clip(log.webhookId),
      eventType: clip(log.eventType, 100),
      orderId: clip(log.orderId),
      status,
      httpStatus,
      reason: reason.slice(0, 500),
    },
  });
}

/** Reads at most `cap` bytes: null as soon as the declared or the actual size is larger. */
async function readCappedBody(req: Request, cap: number): Promise<Buffer | null> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > cap) return null;
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}

/**
 * The steps before any signature check: the client's rate limit (429), the program (404 — program ids are
 * public), its rate limit (429) and the raw body, read once within the size cap (413).
 */
export async function openDelivery(
  db: Db,
  req: Request,
  ctx: InboundContext,
  channel: Channel,
): Promise<{ ok: true; program: InboundProgram; raw: Buffer } | { ok: false; response: Response }> {
  const notFound = () => ({ ok: false, response: problem("NOT_FOUND", "No program has that id.", { requestId: ctx.requestId }) }) as const;
  const ipLimited = (retryAfterSeconds: number) =>
    ({ ok: false, response: problem("RATE_LIMITED", "Too many requests; slow down.", { requestId: ctx.requestId, retryAfterSeconds }) }) as const;
  const { name, ...ipLimit } = IP_RATE_LIMIT;
  const ipKey = `route:${name}:${ctx.ip}`;
  if (!UUID.test(ctx.programId)) {
    const hit = await consumeRateLimit(db, ipKey, ipLimit);
    return hit.ok ? notFound() : ipLimited(hit.retryAfterSeconds);
  }
  // The client's limit, the program and its limit: one statement.
  const opened = await openInboundProgram(db, ctx.programId, { ipKey, ip: ipLimit, programKeyPrefix: "events:program:", program: { limit: eventsPerMinute(), windowSeconds: 60 } });
  if (!opened.ip.ok) return ipLimited(opened.ip.retryAfterSeconds);
  if (!("program" in opened) || !opened.program) return notFound();
  const { program, programLimit: limit } = opened;
  const log = { programId: program.id, channel };

  if (!limit.ok) {
    const response = await rejectDelivery(db, log, "RATE_LIMITED", "Too many events for this program; retry later.", {
      requestId: ctx.requestId,
      retryAfterSeconds: limit.retryAfterSeconds,
      guard: { kind: "RATE_LIMIT", subject: ctx.ip },
    });
    return { ok: false, response };
  }

  let raw: Buffer | null;
  try {
    raw = await readCappedBody(req, MAX_BODY_BYTES);
  } catch {
    return { ok: false, response: await rejectDelivery(db, log, "VALIDATION", "The request body could not be read.", { requestId: ctx.requestId }) };
  }
  if (!raw) {
    const response = await rejectDelivery(db, log, "PAYLOAD_TOO_LARGE", `The body must be at most ${MAX_BODY_BYTES} bytes.`, { requestId: ctx.requestId });
    return { ok: false, response };
  }
  return { ok: true, program, raw };
}

/** A webhook id that can serve as a replay key; null when it cannot. */
export function usableWebhookId(value: string | null): string | null {
  if (!value) return null;
  const id = value.trim();
  return id.length > 0 && id.length <= MAX_WEBHOOK_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(id) ? id : null;
}

/** base64(HMAC-SHA256(body, secret)) compared in constant time, as Shopify and WooCommerce sign. */
export function hmacBase64Matches(raw: Buffer, secret: string, header: string | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(raw).digest("base64"));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// ─── The generic contract: Standard Webhooks ────────────────────────────────────────────────────────

const VERIFY_REASONS: Record<string, string> = {
  "Message timestamp too old": "The webhook-timestamp is more than 5 minutes old.",
  "Message timestamp too new": "The webhook-timestamp is more than 5 minutes in the future.",
  "No matching signature found": "The webhook-signature does not match the body.",
};

/**
 * null when the body is signed by one of `secrets` within the 5-minute tolerance; otherwise why not. The
 * `standardwebhooks` package itself verifies (the contract names it), so Boomerang accepts exactly what any
 * Standard Webhooks library signs.
 */
export function verifyStandardWebhook(body: string, headers: Headers, secrets: string[]): string | null {
  const signed = {
    "webhook-id": headers.get("webhook-id") ?? "",
    "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
    "webhook-signature": headers.get("webhook-signature") ?? "",
  };
  if (!signed["webhook-id"] || !signed["webhook-timestamp"] || !signed["webhook-signature"]) {
    return "The webhook-id, webhook-timestamp and webhook-signature headers are required.";
  }
  if (!/^\d{1,12}$/.test(signed["webhook-timestamp"].trim())) return "The webhook-timestamp must be Unix time in seconds.";
  if (secrets.length === 0) return "The program has no signing secret yet.";
  let reason = VERIFY_REASONS["No matching signature found"]!;
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, signed, { jsonParse: false });
      return null;
    } catch (error) {
      const known = error instanceof WebhookVerificationError ? VERIFY_REASONS[error.message] : undefined;
      reason = known ?? reason;
      if (error instanceof WebhookVerificationError && error.message.startsWith("Message timestamp")) return reason; // the same for every secret
    }
  }
  return reason;
}

/**
 * POST /api/v1/programs/{programId}/events: verify the Standard Webhooks signature on the raw body, then
 * parse, validate and apply the event (docs/integrations/order-events.md).
 */
export async function receiveOrderEvent(db: Db, req: Request, ctx: InboundContext): Promise<Response> {
  const opened = await openDelivery(db, req, ctx, "generic");
  if (!opened.ok) return opened.response;
  const body = opened.raw.toString("utf8");
  const log = { programId: opened.program.id, channel: "generic" as const, webhookId: req.headers.get("webhook-id") };

  const refused = verifyStandardWebhook(body, req.headers, opened.program.secrets);
  if (refused) return rejectDelivery(db, log, "UNAUTHENTICATED", refused, { requestId: ctx.requestId, guard: { kind: "BAD_SIGNATURE", subject: ctx.ip } });

  const webhookId = usableWebhookId(log.webhookId);
  if (!webhookId) {
    return rejectDelivery(db, log, "VALIDATION", `webhook-id: must be 1 to ${MAX_WEBHOOK_ID_LENGTH} printable characters`, { field: "webhook-id", requestId: ctx.requestId });
  }
  const parsed = parseOrderEvent(body);
  if (!parsed.ok) return rejectDelivery(db, log, "VALIDATION", parsed.message, { field: parsed.field, requestId: ctx.requestId });
  return respond(await handleOrderEvent(db, { programId: opened.program.id, channel: "generic", webhookId }, parsed.event, {}, { holdDays: opened.program.holdDays }));
}

/** How one native shop channel signs, names and shapes its deliveries. */
export type NativeDelivery = {
  channel: Exclude<Channel, "generic">;
  shop: string;
  secret: string | null;
  signature: string | null;
  signatureHeader: string;
  webhookIdHeader: string;
  /** The mapper for the delivery's topic, or null for a topic Boomerang does not use. */
  map: ((json: unknown) => Mapped) | null;
};

/**
 * The steps Shopify and WooCommerce deliveries share once the body is read: HMAC over the raw bytes with
 * the program's secret for that shop (none set → 401, never a silent accept), a delivery id, the topic,
 * JSON that keeps long integer ids exact, the mapping, and the pipeline.
 */
export async function receiveNativeDelivery(db: Db, ctx: InboundContext, raw: Buffer, log: LogFields & { programId: string }, d: NativeDelivery): Promise<Response> {
  if (!d.secret) return rejectDelivery(db, log, "UNAUTHENTICATED", `No ${d.shop} signing secret is set for this program; add it on the Integrations page.`, { requestId: ctx.requestId });
  if (!hmacBase64Matches(raw, d.secret, d.signature)) {
    return rejectDelivery(db, log, "UNAUTHENTICATED", `${d.signatureHeader} is missing or does not match the body.`, { requestId: ctx.requestId, guard: { kind: "BAD_SIGNATURE", subject: ctx.ip } });
  }
  const webhookId = usableWebhookId(log.webhookId ?? null);
  if (!webhookId) return rejectDelivery(db, log, "VALIDATION", `${d.webhookIdHeader}: is required`, { field: d.webhookIdHeader, requestId: ctx.requestId });
  if (!d.map) return ignoreDelivery(db, log, `topic "${(log.eventType ?? "").slice(0, 60)}" is not one Boomerang uses`);
  let json: unknown;
  try {
    json = parseJsonKeepingLongIntegers(raw.toString("utf8"));
  } catch {
    return rejectDelivery(db, log, "VALIDATION", "The body is not valid JSON", { requestId: ctx.requestId });
  }
  const mapped = d.map(json);
  if (mapped.kind === "ignored") return ignoreDelivery(db, log, mapped.reason);
  if (mapped.kind === "invalid") return rejectDelivery(db, log, "VALIDATION", mapped.message, { field: mapped.field, requestId: ctx.requestId });
  return respond(await handleOrderEvent(db, { programId: log.programId, channel: d.channel, webhookId }, mapped.event, mapped.keys));
}
