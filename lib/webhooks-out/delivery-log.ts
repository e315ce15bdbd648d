import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { runQuery, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { deliverDue, type DeliverOptions } from "./deliver";
import { EVENT_TYPES, TEST_EVENT_TYPE } from "./events";

export const OUTCOMES = ["succeeded", "failed"] as const;

export const deliveryLogFilterSchema = z.object({
  endpointId: z.uuid().optional(),
  type: z.enum([...EVENT_TYPES, TEST_EVENT_TYPE], { error: "Unknown event type" }).optional(),
  outcome: z.enum(OUTCOMES, { error: "Choose succeeded or failed" }).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type DeliveryLogFilter = z.input<typeof deliveryLogFilterSchema>;

export type DeliveryAttemptRow = {
  id: string;
  messageId: string;
  endpointId: string;
  url: string;
  type: string;
  attempt: number;
  ok: boolean;
  httpStatus: number | null;
  latencyMs: number;
  responseBody: string | null;
  error: string | null;
  createdAt: Date;
  /** The message's state now: PENDING (retrying), SUCCEEDED or FAILED. */
  messageStatus: string;
};

/** The program's delivery log, newest first: every attempt with its status, latency and the first KB of the answer. */
export async function listDeliveryAttempts(db: DbOrTx, programId: string, filter: DeliveryLogFilter = {}): Promise<DeliveryAttemptRow[]> {
  const f = deliveryLogFilterSchema.parse(filter);
  return runQuery<DeliveryAttemptRow>(
    db,
    `SELECT a.id::text AS id, a.message_id AS "messageId", a.endpoint_id AS "endpointId", e.url, m.type, a.attempt, a.ok,
            a.http_status AS "httpStatus", a.latency_ms AS "latencyMs", a.response_body AS "responseBody", a.error,
            a.created_at AS "createdAt", m.status::text AS "messageStatus"
       FROM outbound_webhook_attempts a
       JOIN outbound_webhook_messages m ON m.id = a.message_id
       JOIN outbound_webhook_endpoints e ON e.id = a.endpoint_id
      WHERE e.program_id = $1::uuid
        AND ($2::uuid IS NULL OR a.endpoint_id = $2::uuid)
        AND ($3::text IS NULL OR m.type = $3)
        AND ($4::boolean IS NULL OR a.ok = $4)
      ORDER BY a.id DESC
      LIMIT $5`,
    [programId, f.endpointId ?? null, f.type ?? null, f.outcome === undefined ? null : f.outcome === "succeeded", f.limit],
  );
}

/** Sends a `webhook.test` event to one endpoint now; answers its attempt. */
export async function sendTestEvent(db: DbOrTx, programId: string, endpointId: string, opts: DeliverOptions = {}): Promise<{ messageId: string; ok: boolean }> {
  const endpoint = z.uuid().safeParse(endpointId).success ? await db.outboundWebhookEndpoint.findFirst({ where: { id: endpointId, programId }, select: { id: true, enabled: true } }) : null;
  if (!endpoint) throw new DomainError("NOT_FOUND", "That endpoint does not exist in this program.", { field: "endpointId" });
  if (!endpoint.enabled) throw new DomainError("CONFLICT", "The endpoint is disabled: enable it to send a test event.", { field: "endpointId" });
  const id = `msg_${randomUUID().replaceAll("-", "")}`;
  const now = opts.now ?? new Date();
  const body = JSON.stringify({ type: TEST_EVENT_TYPE, timestamp: now.toISOString(), data: { endpointId, message: "A test event from Boomerang: your endpoint is reachable and can verify our signature." } });
  await db.outboundWebhookMessage.create({ data: { id, endpointId, programId, type: TEST_EVENT_TYPE, body, nextAttemptAt: now, createdAt: now } });
  const result = await deliverDue(db, { ...opts, now, messageId: id });
  return { messageId: id, ok: result.succeeded === 1 };
}

/** Sends one message again now, with its webhook-id and body unchanged (the receiver dedupes on the id). */
export async function redeliverMessage(db: DbOrTx, programId: string, messageId: string, opts: DeliverOptions = {}): Promise<{ messageId: string; ok: boolean }> {
  const now = opts.now ?? new Date();
  const updated = await db.outboundWebhookMessage.updateMany({
    where: { id: messageId, programId, endpoint: { enabled: true } },
    data: { status: "PENDING", nextAttemptAt: now, leaseUntil: null, updatedAt: now },
  });
  if (updated.count === 0) throw new DomainError("NOT_FOUND", "That delivery does not exist in this program, or its endpoint is disabled.", { field: "messageId" });
  const result = await deliverDue(db, { ...opts, now, messageId });
  return { messageId, ok: result.succeeded === 1 };
}

export const redeliverPeriodSchema = z
  .object({ endpointId: z.uuid().optional(), from: z.coerce.date({ error: "Enter a start date" }), to: z.coerce.date({ error: "Enter an end date" }) })
  .refine((p) => p.from <= p.to, { message: "The period ends before it starts", path: ["to"] });

/** Queues every failed message written in [from, to] again (the worker sends them within a minute). */
export async function redeliverFailed(db: DbOrTx, programId: string, period: z.input<typeof redeliverPeriodSchema>, now = new Date()): Promise<{ queued: number }> {
  const p = redeliverPeriodSchema.parse(period);
  const updated = await db.outboundWebhookMessage.updateMany({
    where: { programId, status: "FAILED", createdAt: { gte: p.from, lte: p.to }, ...(p.endpointId ? { endpointId: p.endpointId } : {}), endpoint: { enabled: true } },
    data: { status: "PENDING", nextAttemptAt: now, leaseUntil: null, updatedAt: now },
  });
  return { queued: updated.count };
}
