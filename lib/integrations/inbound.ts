import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import type { Db } from "@/lib/db/client";
import { isDatabaseUnavailable, databaseUnavailable } from "@/lib/db/errors";
import type { GuardKind } from "@/lib/db/generated/enums";
import { DomainError, type ErrorCode } from "@/lib/errors";
import { counterQuery } from "@/lib/db/client";
import { hourOf, recordAggregatedGuardHit, recordGuardHit } from "@/lib/guards/record-guard-hit";
import { problem } from "@/lib/http/problem";
import { openInboundProgram, type InboundProgram } from "@/lib/programs/webhook-secrets";
import { providerClosedError } from "@/lib/providers/provider-status";
import { consumeLeased } from "@/lib/rate-limit/lease";
import { handleOrderEvents, OrderNotReceivedYet, type Channel, type Delivery, type EventKeys, type InboundAnswer, type KeyedEvent, type Mapped } from "./handle-order-event";
import { parseJsonKeepingLongIntegers, parseOrderEvent } from "./order-event";

// The inbound edge every order-event endpoint shares: the client's and the program's rate limits, the body
// read once within its cap, the signature on the raw bytes, refusals and the delivery log. The events
// themselves are handled in handle-order-event.ts.

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
export type { Channel, EventKeys, Mapped };
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

const AGGREGATED_LOG_SQL = `INSERT INTO webhook_deliveries (id, program_id, channel, webhook_id, event_type, status, http_status, reason, aggregate_key)
  VALUES (gen_random_uuid(), $1::uuid, $2::text, $3::text, $4::text, $8::"DeliveryStatus", $5::int, $6::text, $7::text)
  ON CONFLICT (program_id, aggregate_key) DO UPDATE SET
    repeats = webhook_deliveries.repeats + 1, webhook_id = EXCLUDED.webhook_id, event_type = EXCLUDED.event_type,
    reason = EXCLUDED.reason, created_at = now()`;

/**
 * Refuses a delivery nobody has authenticated yet (no or a wrong signature, a body too large to check):
 * anyone can send those to a public program id, so they are logged as one row per program, channel,
 * address, status and hour with a count (and a guard hit likewise), never one row each. Only the sender's
 * address bucket has counted them: the program's limit counts signed deliveries only.
 */
export async function refuseUnauthenticated(
  db: Db,
  log: LogFields,
  ip: string,
  code: ErrorCode,
  detail: string,
  opts: { field?: string; requestId?: string; guard?: GuardKind; reason?: string } = {},
): Promise<Response> {
  const response = problem(code, detail, { field: opts.field, requestId: opts.requestId, reason: opts.reason });
  const now = new Date();
  await logAggregated(db, log, ip, "REJECTED", response.status, detail, now);
  if (opts.guard) {
    await recordAggregatedGuardHit(db, { programId: log.programId, guard: opts.guard, subject: ip, details: { channel: log.channel, reason: detail.slice(0, 200) } }, now);
  }
  return response;
}

/** Logs an unauthenticated delivery as one row per program, channel, address, status and hour, with a count. */
async function logAggregated(db: Db, log: LogFields, ip: string, status: "ACCEPTED" | "REJECTED", httpStatus: number, reason: string, now = new Date()): Promise<void> {
  const key = [log.channel, ip.slice(0, 100), httpStatus, hourOf(now)].join("|");
  // A hot counter row under a flood: the counter pool (see counterQuery).
  await counterQuery(db, AGGREGATED_LOG_SQL, [log.programId, log.channel, clip(log.webhookId), clip(log.eventType, 100), httpStatus, reason.slice(0, 500), key, status]);
}

/** An unsigned delivery that needs nothing (WooCommerce's ping): 200, logged aggregated like any unsigned request. */
export async function acknowledgeUnsigned(db: Db, log: LogFields, ip: string, reason: string): Promise<Response> {
  await logAggregated(db, log, ip, "ACCEPTED", 200, `ignored: ${reason}`);
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

/**
 * Hands a verified event to its handler. A database that is unreachable or drops the connection (after the
 * unit of work's own retries) is a 503 with Retry-After — the shop retries the same webhook-id, and the
 * replay keys make that safe — logged when the database is back in time to take the row.
 */
async function applyDelivery(db: Db, ctx: InboundContext, log: LogFields, delivery: Delivery, events: KeyedEvent[]): Promise<Response> {
  const event = events[0]!.event;
  try {
    return respond(await handleOrderEvents(db, delivery, events));
  } catch (error) {
    if (error instanceof OrderNotReceivedYet) {
      return rejectDelivery(db, { ...log, eventType: event.type, orderId: error.orderId }, "CONFLICT", error.message, { requestId: ctx.requestId });
    }
    if (!isDatabaseUnavailable(error)) throw error;
    const unavailable = databaseUnavailable();
    console.warn(`[events ${ctx.requestId}] database unavailable: ${error instanceof Error ? error.message : String(error)}`);
    await logDelivery(db, { ...log, eventType: event.type, orderId: event.data.orderId }, "REJECTED", 503, "database unavailable; the shop is asked to retry").catch(() => undefined);
    return problem(unavailable.code, unavailable.message, { requestId: ctx.requestId, retryAfterSeconds: unavailable.retryAfterSeconds });
  }
}

/**
 * Reads at most `cap` bytes: null as soon as the declared or the actual size is larger. Behind the route
 * wrapper the request's readers stop at the cap while the body streams (lib/http/route.ts).
 */
async function readCappedBody(req: Request, cap: number): Promise<Buffer | null> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > cap) return null;
  let raw: Buffer;
  try {
    raw = Buffer.from(await req.arrayBuffer());
  } catch (error) {
    if (error instanceof DomainError && error.code === "PAYLOAD_TOO_LARGE") return null;
    throw error;
  }
  return raw.byteLength > cap ? null : raw;
}

/**
 * The steps before any signature check: the client's rate limit (429), the program (404 — program ids are
 * public) and the raw body, read once within the size cap (413). The program's own limit is counted only
 * once a delivery is signed (`admitSigned`), so nobody else's junk can use it up.
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
    const hit = await consumeLeased(db, ipKey, ipLimit);
    return hit.ok ? notFound() : ipLimited(hit.retryAfterSeconds);
  }
  // The client's limit and the program: one statement.
  const opened = await openInboundProgram(db, ctx.programId, { ipKey, ip: ipLimit });
  if (!opened.ip.ok) return ipLimited(opened.ip.retryAfterSeconds);
  if (!("program" in opened) || !opened.program) return notFound();
  const { program } = opened;
  const log = { programId: program.id, channel };
  // A suspended (or not yet approved) business records nothing: refused before the body is even read.
  const closed = providerClosedError(program.providerStatus);
  if (closed) {
    const response = await refuseUnauthenticated(db, log, ctx.ip, closed.code, closed.message, { requestId: ctx.requestId, reason: closed.reason });
    return { ok: false, response };
  }

  let raw: Buffer | null;
  try {
    raw = await readCappedBody(req, MAX_BODY_BYTES);
  } catch {
    return { ok: false, response: await refuseUnauthenticated(db, log, ctx.ip, "VALIDATION", "The request body could not be read.", { requestId: ctx.requestId }) };
  }
  if (!raw) {
    const response = await refuseUnauthenticated(db, log, ctx.ip, "PAYLOAD_TOO_LARGE", `The body must be at most ${MAX_BODY_BYTES} bytes.`, { requestId: ctx.requestId });
    return { ok: false, response };
  }
  return { ok: true, program, raw };
}

/**
 * A signed delivery counts against its program's limit (EVENTS_RATE_LIMIT_PER_MINUTE): null when admitted,
 * else the 429. Called only after the signature verified.
 */
export async function admitSigned(db: Db, ctx: InboundContext, log: LogFields): Promise<Response | null> {
  const limit = await consumeLeased(db, `events:program:${log.programId}`, { limit: eventsPerMinute(), windowSeconds: 60 });
  if (limit.ok) return null;
  return rejectDelivery(db, log, "RATE_LIMITED", "Too many events for this program; retry later.", {
    requestId: ctx.requestId,
    retryAfterSeconds: limit.retryAfterSeconds,
    guard: { kind: "RATE_LIMIT", subject: ctx.ip },
  });
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
  if (refused) return refuseUnauthenticated(db, log, ctx.ip, "UNAUTHENTICATED", refused, { requestId: ctx.requestId, guard: "BAD_SIGNATURE" });
  const limited = await admitSigned(db, ctx, log);
  if (limited) return limited;

  const webhookId = usableWebhookId(log.webhookId);
  if (!webhookId) {
    return rejectDelivery(db, log, "VALIDATION", `webhook-id: must be 1 to ${MAX_WEBHOOK_ID_LENGTH} printable characters`, { field: "webhook-id", requestId: ctx.requestId });
  }
  const parsed = parseOrderEvent(body);
  if (!parsed.ok) return rejectDelivery(db, log, "VALIDATION", parsed.message, { field: parsed.field, requestId: ctx.requestId });
  // An order in another currency than the program's cannot earn or refund its cashback: say so now, not after a
  // 202. (A points program takes baskets in any currency it accepts.)
  if (opened.program.currency !== "PTS" && parsed.event.data.currency !== opened.program.currency) {
    const detail = `data.currency: this program's cashback is in ${opened.program.currency}; send the order's amount in ${opened.program.currency}`;
    return rejectDelivery(db, { ...log, eventType: parsed.event.type, orderId: parsed.event.data.orderId }, "VALIDATION", detail, { field: "data.currency", requestId: ctx.requestId });
  }
  return applyDelivery(db, ctx, log, { programId: opened.program.id, channel: "generic", webhookId }, [{ event: parsed.event, keys: {} }]);
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
  if (!d.secret) {
    return refuseUnauthenticated(db, log, ctx.ip, "UNAUTHENTICATED", `No ${d.shop} signing secret is set for this program; add it on the Integrations page.`, { requestId: ctx.requestId });
  }
  if (!hmacBase64Matches(raw, d.secret, d.signature)) {
    return refuseUnauthenticated(db, log, ctx.ip, "UNAUTHENTICATED", `${d.signatureHeader} is missing or does not match the body.`, { requestId: ctx.requestId, guard: "BAD_SIGNATURE" });
  }
  const limited = await admitSigned(db, ctx, log);
  if (limited) return limited;
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
  const events = mapped.kind === "events" ? mapped.events : [{ event: mapped.event, keys: mapped.keys }];
  if (events.length === 0) return ignoreDelivery(db, log, "nothing to apply");
  return applyDelivery(db, ctx, log, { programId: log.programId, channel: d.channel, webhookId }, events);
}
