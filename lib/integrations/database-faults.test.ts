import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/programs/[programId]/events/route";
import { db } from "@/lib/db/client";
import { aMember, aProgram } from "@/tests/support/programs";

// A database that drops the app's connections while an order event is in flight: the answer is a 503 with
// Retry-After (never a bare 500), retried internally while nothing was committed, and no connection error
// escapes as an uncaught exception (a worker or CLI process would die of it).

const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);
let admin: pg.Client;

beforeAll(async () => {
  process.on("uncaughtException", onUncaught);
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
});
afterAll(async () => {
  process.off("uncaughtException", onUncaught);
  await admin.end();
});
afterEach(() => expect(uncaught).toEqual([]));

function signedPaid(programId: string, secret: string, orderId: string, email: string) {
  const payload = JSON.stringify({ type: "order.paid", data: { orderId, amount: 4210, currency: "EUR", customer: { email } } });
  const webhookId = `msg_${randomUUID()}`;
  const at = new Date();
  const headers = new Headers({
    "content-type": "application/json",
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(webhookId, at, payload),
    "x-forwarded-for": "192.0.2.7",
  });
  return () => POST(new NextRequest(`http://localhost/api/v1/programs/${programId}/events`, { method: "POST", body: payload, headers }), { params: Promise.resolve({ programId }) });
}

/** Holds the order's lock from another session, so the event's unit of work waits inside its transaction. */
async function blockOrder(programId: string, orderId: string): Promise<pg.Client> {
  const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await blocker.connect();
  await blocker.query("BEGIN");
  await blocker.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`${programId}|WEBHOOK|${orderId}`]);
  return blocker;
}

/**
 * The app's connection that waits on the order's lock, once one does (bounded; a test that never gets one
 * fails with a reason instead of hanging). Connections this file terminated are never picked again: a
 * terminated backend can still be listed as waiting for a moment.
 */
const terminated = new Set<number>();
async function waiter(): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'
          AND pid <> pg_backend_pid() AND NOT (pid = ANY($1::int[]))`,
      [[...terminated]],
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("no connection of the app waited on the order's lock");
}

/** Terminates the app's connection that waits on the order's lock, and waits until that backend has exited. */
async function terminateWaiter(): Promise<void> {
  const pid = await waiter();
  terminated.add(pid);
  await admin.query("SELECT pg_terminate_backend($1, 60000)", [pid]);
}

describe("the database drops the connection mid-event", () => {
  it("answers 503 with Retry-After and a problem+json body when every attempt loses its connection, logs it, and the shop's retry is then accepted once", async () => {
    const { programId, secret } = await aProgram();
    const member = await aMember(programId);
    const orderId = `fault-${randomUUID().slice(0, 8)}`;
    const blocker = await blockOrder(programId, orderId);
    const send = signedPaid(programId, secret, orderId, member.email);
    const answer = send();
    let res: Response;
    try {
      // The unit of work retries a lost connection while nothing was committed: lose it on every attempt.
      for (let attempt = 0; attempt < 3; attempt++) await terminateWaiter();
      res = await answer;
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }

    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ status: 503, title: "Service unavailable" });
    expect(await db.purchase.count({ where: { programId, orderId } })).toBe(0);
    const logged = await db.webhookDelivery.findFirstOrThrow({ where: { programId, orderId } });
    expect(logged).toMatchObject({ status: "REJECTED", httpStatus: 503 });

    const retried = await signedPaid(programId, secret, orderId, member.email)();
    expect(retried.status).toBe(202);
    expect(await db.purchase.count({ where: { programId, orderId } })).toBe(1);
  });

  it("retries internally when the connection is lost before COMMIT, so the shop gets its 202 and one reward", async () => {
    const { programId, secret } = await aProgram();
    const member = await aMember(programId);
    const orderId = `fault-${randomUUID().slice(0, 8)}`;
    const blocker = await blockOrder(programId, orderId);
    const answer = signedPaid(programId, secret, orderId, member.email)();
    try {
      await terminateWaiter();
      // The retry waits on the lock again; then let it through.
      await waiter();
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    const res = await answer;
    expect(res.status).toBe(202);
    const purchase = await db.purchase.findFirstOrThrow({ where: { programId, orderId }, include: { reward: true } });
    expect(purchase.reward?.amountMinor).toBe(421n);
  });
});
