import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as orderEvents } from "@/app/api/v1/programs/[programId]/events/route";
import { db, inTransaction } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { joinProgram } from "@/lib/members/join-program";
import { createUser } from "@/lib/users/create-user";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { reviewReward } from "@/lib/rewards/review-reward";
import { dueReward } from "@/tests/support/jobs";
import { aProgram, uniqueId } from "@/tests/support/programs";
import { aFundedMember, aSpendingProgram, call } from "@/tests/support/redemption-api";
import { deliverDue, RETRY_DELAYS_MS } from "./deliver";
import { listDeliveryAttempts, redeliverMessage, sendTestEvent } from "./delivery-log";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, setEndpointEnabled, updateEndpoint } from "./endpoints";
import { EVENT_SCHEMAS, EVENT_TYPES, type EventType } from "./events";

// A business's receiver: verifies every request with the standardwebhooks package, answers from a script.
type Received = { path: string; id: string; body: string; verified: boolean; signatures: string; headers: http.IncomingHttpHeaders };
const received: Received[] = [];
let answers: number[] = [];
let verifyWith: string[] = [];
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = { "webhook-id": String(req.headers["webhook-id"]), "webhook-timestamp": String(req.headers["webhook-timestamp"]), "webhook-signature": String(req.headers["webhook-signature"]) };
      const verified =
        verifyWith.length > 0 &&
        verifyWith.every((secret) => {
          try {
            new Webhook(secret).verify(body, headers);
            return true;
          } catch {
            return false;
          }
        });
      received.push({ path: req.url ?? "", id: headers["webhook-id"], body, verified, signatures: headers["webhook-signature"], headers: req.headers });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "thanks" : "receiver is down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(async () => {
  // Each test starts with nothing left to send from the one before.
  await db.outboundWebhookMessage.updateMany({ where: { status: "PENDING" }, data: { status: "FAILED", nextAttemptAt: null } });
  received.length = 0;
  answers = [];
  verifyWith = [];
  vi.unstubAllEnvs();
});

async function anEndpoint(programId: string, events: EventType[] = [...EVENT_TYPES]) {
  const endpoint = await createEndpoint(db, programId, { url: `${base}/hooks/${uniqueId()}`, events, description: "test receiver" });
  verifyWith = [endpoint.secret];
  return endpoint;
}

async function sendOrder(programId: string, secret: string, customer: Record<string, string>, amount = 4210, type = "order.paid", orderId = `order-${uniqueId()}`) {
  const body = JSON.stringify({ type, data: { orderId, amount, currency: "EUR", customer } });
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  const req = new NextRequest(`http://localhost/api/v1/programs/${programId}/events`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(secret).sign(id, at, body), "x-forwarded-for": "192.0.2.1" },
  });
  const res = await orderEvents(req, { params: Promise.resolve({ programId }) });
  expect(res.status).toBe(202);
}

const later = (ms: number, from = new Date()) => new Date(from.getTime() + ms);
const messagesOf = (endpointId: string) => db.outboundWebhookMessage.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" } });
const parsed = (r: Received) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, unknown> };

describe("outbound webhooks", () => {
  it("an accepted order makes reward.pending arrive, signed per Standard Webhooks, in the published shape", async () => {
    const program = await aProgram();
    const user = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    const endpoint = await anEndpoint(program.programId);
    const member = await joinProgram(db, { userId: user.id, programId: program.programId });
    await sendOrder(program.programId, program.secret, { memberCode: member.code });

    expect(await deliverDue(db)).toMatchObject({ attempted: 2, succeeded: 2 });
    expect(received.every((r) => r.verified)).toBe(true);
    const events = received.map(parsed);
    expect(events.map((e) => e.type).sort()).toEqual(["member.joined", "reward.pending"]);
    for (const e of events) expect(EVENT_SCHEMAS[e.type as EventType].safeParse(e).success, e.type).toBe(true);
    expect(events.find((e) => e.type === "reward.pending")!.data).toMatchObject({ memberCode: member.code, status: "pending", amount: 421, currency: "EUR", programId: program.programId });
    expect(events.find((e) => e.type === "member.joined")!.data).toMatchObject({ memberId: member.id, email: user.email });
    expect(received[0]!.headers["content-type"]).toBe("application/json");

    const log = await listDeliveryAttempts(db, program.programId, { endpointId: endpoint.id });
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ ok: true, httpStatus: 200, responseBody: "thanks", messageStatus: "SUCCEEDED" });
  });

  it("follows the reward: available when the hold ends, reversed by a refund, rejected in review", async () => {
    const rewardId = await dueReward();
    const reward = await db.reward.findUniqueOrThrow({ where: { id: rewardId }, select: { programId: true } });
    await anEndpoint(reward.programId, ["reward.available"]);
    await releaseDueRewards(db);
    await deliverDue(db);
    const [available] = received.map(parsed);
    expect(available).toMatchObject({ type: "reward.available", data: { rewardId, status: "available", previousStatus: "pending", amount: 100 } });
    expect(EVENT_SCHEMAS["reward.available"].safeParse(available).success).toBe(true);

    const program = await aProgram();
    await anEndpoint(program.programId, ["reward.reversed"]);
    const user = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    const member = await joinProgram(db, { userId: user.id, programId: program.programId });
    const orderId = `order-${uniqueId()}`;
    await sendOrder(program.programId, program.secret, { memberCode: member.code }, 4210, "order.paid", orderId);
    await sendOrder(program.programId, program.secret, { memberCode: member.code }, 4210, "order.refunded", orderId);
    await deliverDue(db);
    const reversed = received.map(parsed).find((e) => e.type === "reward.reversed");
    expect(reversed).toMatchObject({ data: { orderId, status: "reversed", previousStatus: "pending" } });
    expect(EVENT_SCHEMAS["reward.reversed"].safeParse(reversed).success).toBe(true);

    const manual = await aProgram({ processingMode: "MANUAL" });
    await anEndpoint(manual.programId, ["reward.rejected"]);
    const other = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    const reviewed = await joinProgram(db, { userId: other.id, programId: manual.programId });
    await sendOrder(manual.programId, manual.secret, { memberCode: reviewed.code });
    const queued = await db.reward.findFirstOrThrow({ where: { programId: manual.programId, status: "PENDING_REVIEW" } });
    await reviewReward(db, { programId: manual.programId, rewardId: queued.id, decision: { action: "reject", reason: "not a real order" }, actor: { type: "SYSTEM" } });
    await deliverDue(db);
    const rejected = received.map(parsed).find((e) => e.type === "reward.rejected");
    expect(rejected).toMatchObject({ data: { rewardId: queued.id, status: "rejected", previousStatus: "pending_review", reason: "not a real order" } });
    expect(EVENT_SCHEMAS["reward.rejected"].safeParse(rejected).success).toBe(true);
  });

  it("redemptions send captured and refunded, in the published shape", async () => {
    const program = await aSpendingProgram();
    const member = await aFundedMember(program.programId, 5000n);
    await anEndpoint(program.programId, ["redemption.captured", "redemption.refunded", "redemption.canceled"]);
    const created = await call(program.key, "POST", `/api/v1/programs/${program.programId}/redemptions`, { customer: { memberCode: member.code }, amount: 1000, currency: "EUR", orderId: "o-1", capture: true }, `k-${uniqueId()}`);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const refund = await call(program.key, "POST", `/api/v1/programs/${program.programId}/redemptions/${id}/refunds`, { amount: 400 }, `r-${uniqueId()}`);
    expect(refund.status).toBe(201);
    await deliverDue(db);
    const events = received.map(parsed).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    expect(events.map((e) => e.type)).toEqual(["redemption.captured", "redemption.refunded"]);
    for (const e of events) expect(EVENT_SCHEMAS[e.type as EventType].safeParse(e).success, e.type).toBe(true);
    expect(events[1]!.data).toMatchObject({ redemptionId: id, status: "partially_refunded", amountCaptured: 1000, amountRefunded: 400, refundedNow: 400 });
  });

  it("retries a failing receiver with the same webhook-id: 500, 500, then 200 delivers the event once", async () => {
    const program = await aProgram();
    const endpoint = await anEndpoint(program.programId, ["member.joined"]);
    const user = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await joinProgram(db, { userId: user.id, programId: program.programId });
    answers = [500, 500, 200];

    const start = new Date();
    expect(await deliverDue(db, { now: start })).toMatchObject({ attempted: 1, failed: 1 });
    // Not due again before its delay; due after it (the schedule's clock is moved, nothing waits).
    expect(await deliverDue(db, { now: later(RETRY_DELAYS_MS[0] - 1000, start) })).toMatchObject({ attempted: 0 });
    expect(await deliverDue(db, { now: later(RETRY_DELAYS_MS[0], start) })).toMatchObject({ attempted: 1, failed: 1 });
    expect(await deliverDue(db, { now: later(RETRY_DELAYS_MS[0] + RETRY_DELAYS_MS[1], start) })).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(await deliverDue(db, { now: later(RETRY_DELAYS_MS[5] * 10, start) })).toMatchObject({ attempted: 0 });

    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.id)).size).toBe(1);
    expect(received.every((r) => r.verified && r.body === received[0]!.body)).toBe(true);
    const [message] = await messagesOf(endpoint.id);
    expect(message).toMatchObject({ id: received[0]!.id, status: "SUCCEEDED", attempts: 3 });
    const log = await listDeliveryAttempts(db, program.programId, { endpointId: endpoint.id });
    expect(log.map((a) => [a.attempt, a.httpStatus, a.ok])).toEqual([
      [3, 200, true],
      [2, 500, false],
      [1, 500, false],
    ]);
    expect(await listDeliveryAttempts(db, program.programId, { endpointId: endpoint.id, outcome: "failed" })).toHaveLength(2);
    expect(await listDeliveryAttempts(db, program.programId, { endpointId: endpoint.id, type: "reward.pending" })).toHaveLength(0);
  });

  it("writes nothing for a rolled-back change, and the outbox row for a committed one", async () => {
    const program = await aProgram();
    const endpoint = await anEndpoint(program.programId, ["member.joined"]);
    const user = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await expect(
      inTransaction(db, async (tx) => {
        await joinProgram(tx, { userId: user.id, programId: program.programId });
        throw new Error("something later in the same change failed");
      }),
    ).rejects.toThrow("something later");
    expect(await messagesOf(endpoint.id)).toHaveLength(0);
    expect(await deliverDue(db)).toMatchObject({ attempted: 0 });
    expect(received).toHaveLength(0);

    await joinProgram(db, { userId: user.id, programId: program.programId });
    expect(await messagesOf(endpoint.id)).toHaveLength(1);
  });

  it("sends nothing to a disabled endpoint, nor for events it is not subscribed to", async () => {
    const program = await aProgram();
    const endpoint = await anEndpoint(program.programId, ["member.joined"]);
    const other = await anEndpoint(program.programId, ["reward.available"]);
    verifyWith = [];
    await setEndpointEnabled(db, program.programId, endpoint.id, false);
    const user = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await joinProgram(db, { userId: user.id, programId: program.programId });
    expect(await messagesOf(endpoint.id)).toHaveLength(0);
    expect(await messagesOf(other.id)).toHaveLength(0);

    // Messages written while it was enabled wait while it is disabled.
    await setEndpointEnabled(db, program.programId, endpoint.id, true);
    const user2 = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await joinProgram(db, { userId: user2.id, programId: program.programId });
    await setEndpointEnabled(db, program.programId, endpoint.id, false);
    await deliverDue(db);
    expect(await messagesOf(endpoint.id)).toMatchObject([{ status: "PENDING", attempts: 0 }]);
    expect(received.filter((r) => endpoint.url.endsWith(r.path))).toHaveLength(0);
    await expect(sendTestEvent(db, program.programId, endpoint.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses loopback and private URLs in production mode, when saved and when DNS points there at delivery", async () => {
    const program = await aProgram();
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("BOOMERANG_DEMO", "");
    vi.stubEnv("ENCRYPTION_KEYS", `k1:${Buffer.alloc(32, 7).toString("base64")}`);
    for (const url of [`${base}/hooks`, "https://127.0.0.1/hooks", "https://localhost/hooks", "https://[::1]/hooks", "https://10.1.2.3/x", "https://169.254.169.254/latest", "https://[::ffff:127.0.0.1]/x", "http://hooks.example.com/x"]) {
      await expect(createEndpoint(db, program.programId, { url, events: ["member.joined"] }), url).rejects.toMatchObject({ code: "VALIDATION", field: "url" });
    }
    const endpoint = await createEndpoint(db, program.programId, { url: "https://hooks.example.com/boomerang", events: ["member.joined"] });
    const user = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await joinProgram(db, { userId: user.id, programId: program.programId });
    // The name now resolves to loopback (our receiver's address): the attempt is refused before connecting.
    const resolve = vi.fn(async () => [{ address: "127.0.0.1", family: 4 }]);
    expect(await deliverDue(db, { resolve })).toMatchObject({ attempted: 1, failed: 1 });
    expect(resolve).toHaveBeenCalledWith("hooks.example.com");
    expect(received).toHaveLength(0);
    const [attempt] = await listDeliveryAttempts(db, program.programId, { endpointId: endpoint.id });
    expect(attempt).toMatchObject({ ok: false, httpStatus: null, messageStatus: "PENDING" });
    expect(attempt!.error).toMatch(/127\.0\.0\.1.*refused/);

    // A demo install accepts http and loopback.
    vi.stubEnv("BOOMERANG_DEMO", "1");
    await expect(createEndpoint(db, program.programId, { url: `${base}/hooks`, events: ["member.joined"] })).resolves.toMatchObject({ url: `${base}/hooks` });
  });

  it("signs with the old secret too for 24 hours after a rotation", async () => {
    const program = await aProgram();
    const endpoint = await anEndpoint(program.programId, ["member.joined"]);
    const oldSecret = endpoint.secret;
    const rotated = await rotateEndpointSecret(db, program.programId, endpoint.id);
    expect(rotated.secret).not.toBe(oldSecret);
    const user = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await joinProgram(db, { userId: user.id, programId: program.programId });
    // Each secret alone verifies: a receiver may switch whenever it likes within the day.
    verifyWith = [oldSecret];
    await deliverDue(db);
    expect(received[0]).toMatchObject({ verified: true });
    expect(received[0]!.signatures.split(" ")).toHaveLength(2);

    const user2 = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await joinProgram(db, { userId: user2.id, programId: program.programId });
    verifyWith = [rotated.secret];
    await deliverDue(db);
    expect(received[1]).toMatchObject({ verified: true });

    // A day later only the new secret signs.
    const user3 = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await joinProgram(db, { userId: user3.id, programId: program.programId });
    verifyWith = [rotated.secret];
    await deliverDue(db, { now: later(24 * 3600_000 + 1000, rotated.previousValidUntil) });
    expect(received[2]).toMatchObject({ verified: true });
    expect(received[2]!.signatures.split(" ")).toHaveLength(1);
  });

  it("gives up after 3 days: the endpoint is disabled and the owner is e-mailed", async () => {
    const program = await aProgram();
    const endpoint = await anEndpoint(program.programId, ["member.joined"]);
    const user = await createUser(db, { email: `m-${uniqueId()}@example.com`, password: "correct horse battery staple" });
    await joinProgram(db, { userId: user.id, programId: program.programId });
    answers = Array(50).fill(503);
    let now = new Date();
    for (let i = 0; i < 20; i++) {
      const pass = await deliverDue(db, { now });
      if (pass.disabled) break;
      const [m] = await messagesOf(endpoint.id);
      if (!m?.nextAttemptAt) break;
      now = m.nextAttemptAt;
    }
    const [message] = await messagesOf(endpoint.id);
    expect(message).toMatchObject({ status: "FAILED", nextAttemptAt: null });
    expect(message!.attempts).toBeGreaterThanOrEqual(8);
    expect(new Set(received.map((r) => r.id)).size).toBe(1);
    expect(await db.outboundWebhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: false, disabledReason: "failing" });
    const owner = await db.staffMember.findFirstOrThrow({ where: { provider: { id: program.providerId }, role: "OWNER" }, select: { user: { select: { email: true } } } });
    const mail = await db.emailMessage.findFirst({ where: { to: owner.user.email, subject: { startsWith: "Webhook endpoint disabled" } } });
    expect(mail?.text).toContain(endpoint.url);

    // Once fixed and enabled again, the failed message can be redelivered: same id.
    await setEndpointEnabled(db, program.programId, endpoint.id, true);
    answers = [200];
    const count = received.length;
    expect(await redeliverMessage(db, program.programId, message!.id)).toEqual({ messageId: message!.id, ok: true });
    expect(received[count]!.id).toBe(message!.id);
  });

  it("sends a test event, edits and deletes endpoints only within their program", async () => {
    const program = await aProgram();
    const stranger = await aProgram();
    const endpoint = await anEndpoint(program.programId, ["reward.pending"]);
    const test = await sendTestEvent(db, program.programId, endpoint.id);
    expect(test.ok).toBe(true);
    expect(parsed(received[0]!)).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });
    expect(EVENT_SCHEMAS["webhook.test"].safeParse(parsed(received[0]!)).success).toBe(true);

    await expect(sendTestEvent(db, stranger.programId, endpoint.id)).rejects.toBeInstanceOf(DomainError);
    await expect(updateEndpoint(db, stranger.programId, endpoint.id, { url: `${base}/x`, events: ["member.joined"] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(redeliverMessage(db, stranger.programId, test.messageId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteEndpoint(db, stranger.programId, endpoint.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateEndpoint(db, program.programId, endpoint.id, { url: `${base}/x`, events: [] })).rejects.toMatchObject({ code: "VALIDATION", field: "events" });

    expect(await updateEndpoint(db, program.programId, endpoint.id, { url: `${base}/new`, events: ["member.joined", "member.joined"], description: "CRM" })).toMatchObject({ url: `${base}/new`, events: ["member.joined"], description: "CRM" });
    await deleteEndpoint(db, program.programId, endpoint.id);
    expect(await db.outboundWebhookMessage.count({ where: { endpointId: endpoint.id } })).toBe(0);
  });
});
