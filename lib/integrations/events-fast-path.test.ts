import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { db, rawCounterQuery, rawQuery, withSqlTransaction } from "@/lib/db/client";
import { balance, memberAccount } from "@/lib/ledger";
import { openInboundProgram } from "@/lib/programs/webhook-secrets";
import { handleOrderEvent, verifyStandardWebhook, type Delivery } from "./handle-order-event";
import type { OrderEvent } from "./order-event";
import { aMember, aProgram, moneyState, uniqueId } from "@/tests/support/programs";

// handleOrderEvent on the process-wide client takes the SQL-pool path for order.paid; inside a caller's
// Prisma transaction it takes the Prisma path. Both must write the same rows.

function paid(orderId: string, amount: number, customer: OrderEvent["data"]["customer"]): OrderEvent {
  return { type: "order.paid", data: { orderId, amount: BigInt(amount), currency: "EUR", customer } };
}

const delivery = (programId: string): Delivery => ({ programId, channel: "generic", webhookId: `msg_${randomUUID()}` });

async function written(programId: string, orderId: string) {
  const purchase = await db.purchase.findUniqueOrThrow({ where: { programId_source_orderId: { programId, source: "WEBHOOK", orderId } } });
  const reward = await db.reward.findUniqueOrThrow({ where: { purchaseId: purchase.id }, include: { events: { orderBy: { id: "asc" } } } });
  const log = await db.webhookDelivery.findFirstOrThrow({ where: { programId, orderId } });
  const notifications = await db.notification.findMany({ where: { data: { path: ["rewardId"], equals: reward.id } } });
  return { purchase, reward, log, notifications };
}

/** What must not differ between the two paths (ids, times and ledger ids aside). */
function shape(w: Awaited<ReturnType<typeof written>>) {
  return {
    purchase: { amountMinor: w.purchase.amountMinor, refundedMinor: w.purchase.refundedMinor, memberId: w.purchase.memberId, currency: w.purchase.currency, customerEmail: w.purchase.customerEmail },
    reward: {
      status: w.reward.status,
      amountMinor: w.reward.amountMinor,
      computedMinor: w.reward.computedMinor,
      explanation: w.reward.explanation,
      ruleSnapshot: w.reward.ruleSnapshot,
      hasAvailableAt: w.reward.availableAt !== null,
    },
    events: w.reward.events.map((e) => ({ from: e.fromStatus, to: e.toStatus, amount: e.amountMinor, actor: e.actorType, reason: e.reason, posted: e.ledgerTransactionId !== null })),
    log: { status: w.log.status, httpStatus: w.log.httpStatus, reason: w.log.reason, eventType: w.log.eventType, channel: w.log.channel },
    notifications: w.notifications.map((n) => n.kind),
  };
}

async function bothPaths(programId: string, email: string, amount: number) {
  const fastOrder = `fast-${uniqueId()}`;
  const prismaOrder = `prisma-${uniqueId()}`;
  expect(await handleOrderEvent(db, delivery(programId), paid(fastOrder, amount, { email }))).toEqual({ httpStatus: 202, status: "accepted" });
  expect(await db.$transaction((tx) => handleOrderEvent(tx, delivery(programId), paid(prismaOrder, amount, { email })))).toEqual({ httpStatus: 202, status: "accepted" });
  return { fast: await written(programId, fastOrder), prisma: await written(programId, prismaOrder) };
}

describe("order events on the SQL pool and on a Prisma transaction", () => {
  it("write the same purchase, reward, audit events, posting, log row and notification when a reward is issued", async () => {
    const { programId } = await aProgram();
    const member = await aMember(programId);
    const { fast, prisma } = await bothPaths(programId, member.email, 4210);
    expect(shape(fast)).toEqual(shape(prisma));
    expect(shape(fast)).toMatchObject({
      reward: { status: "PENDING", amountMinor: 421n, hasAvailableAt: true },
      events: [
        { from: null, to: "PENDING_REVIEW", reason: "purchase recorded", actor: "WEBHOOK", posted: false },
        { from: "PENDING_REVIEW", to: "PENDING", reason: "automatic processing", posted: true },
      ],
      log: { status: "ACCEPTED", httpStatus: 202, reason: "reward pending" },
      // Written by the trigger on reward_events, which must see the reward inserted by the same statement.
      notifications: ["EARNED"],
    });
    expect(fast.reward.events[1]!.ledgerTransactionId).not.toBeNull();
    const earn = await db.ledgerTransaction.findUniqueOrThrow({ where: { idempotencyKey: `reward:${fast.reward.id}:earn` } });
    expect(earn.id).toBe(fast.reward.events[1]!.ledgerTransactionId);
    expect(await balance(db, memberAccount(member.memberId, "MEMBER_PENDING", "EUR"))).toBe(842n);
  });

  it("write the same rows for a reward sent to review above the threshold, with its guard hit", async () => {
    const { programId } = await aProgram();
    await db.program.update({ where: { id: programId }, data: { reviewThresholdMinor: 100n } });
    const member = await aMember(programId);
    const { fast, prisma } = await bothPaths(programId, member.email, 5000);
    expect(shape(fast)).toEqual(shape(prisma));
    expect(shape(fast)).toMatchObject({ reward: { status: "PENDING_REVIEW", hasAvailableAt: false }, events: [{ to: "PENDING_REVIEW" }], log: { reason: "reward pending review" } });
    const hits = await db.guardHit.findMany({ where: { programId, guard: "REVIEW_THRESHOLD" }, orderBy: { id: "asc" } });
    expect(hits.map((h) => h.details)).toEqual([
      { rewardId: fast.reward.id, amountMinor: "500" },
      { rewardId: prisma.reward.id, amountMinor: "500" },
    ]);
    expect(hits.every((h) => h.subject === member.memberId)).toBe(true);
    expect(await balance(db, memberAccount(member.memberId, "MEMBER_PENDING", "EUR"))).toBe(0n);
  });

  it("write the same rows for a member who left (rejected with the reason) and count the velocity guard alike", async () => {
    const { programId } = await aProgram();
    const member = await aMember(programId);
    await db.member.update({ where: { id: member.memberId }, data: { status: "LEFT" } });
    const left = await bothPaths(programId, member.email, 1000);
    expect(shape(left.fast)).toEqual(shape(left.prisma));
    expect(shape(left.fast).events.map((e) => [e.to, e.reason])).toEqual([
      ["PENDING_REVIEW", "purchase recorded"],
      ["REJECTED", "no longer a member of the program"],
    ]);

    const other = await aProgram();
    await db.program.update({ where: { id: other.programId }, data: { velocityLimitPerDay: 1 } });
    const busy = await aMember(other.programId);
    await handleOrderEvent(db, delivery(other.programId), paid(`first-${uniqueId()}`, 1000, { email: busy.email }));
    const over = await bothPaths(other.programId, busy.email, 1000);
    expect(shape(over.fast)).toEqual(shape(over.prisma));
    expect(over.fast.reward.status).toBe("PENDING_REVIEW");
    expect(await db.guardHit.count({ where: { programId: other.programId, guard: "VELOCITY" } })).toBe(2);
  });

  it("takes the Prisma path for a program with no hold period and makes the reward available at once", async () => {
    const { programId } = await aProgram({ holdDays: 0 });
    const member = await aMember(programId);
    const order = `zero-${uniqueId()}`;
    expect(await handleOrderEvent(db, delivery(programId), paid(order, 2000, { email: member.email }))).toEqual({ httpStatus: 202, status: "accepted" });
    const w = await written(programId, order);
    expect(w.reward.status).toBe("AVAILABLE");
    expect(w.log.reason).toBe("reward available");
    expect(await balance(db, memberAccount(member.memberId, "MEMBER_AVAILABLE", "EUR"))).toBe(200n);
    expect(await db.webhookDelivery.count({ where: { programId } })).toBe(1);
  });

  it("nets a refund that arrived before its order, and logs an unknown customer's purchase without a reward", async () => {
    const { programId } = await aProgram();
    const member = await aMember(programId);
    const order = `early-${uniqueId()}`;
    const refund: OrderEvent = { type: "order.refunded", data: { orderId: order, amount: 1000n, currency: "EUR", customer: { externalId: "x" } } };
    await handleOrderEvent(db, delivery(programId), refund);
    expect(await db.earlyRefund.count({ where: { programId } })).toBe(1);
    await handleOrderEvent(db, delivery(programId), paid(order, 4000, { email: member.email }));
    const w = await written(programId, order);
    expect(w.purchase.refundedMinor).toBe(1000n);
    expect(w.reward.amountMinor).toBe(300n);
    expect(await db.earlyRefund.count({ where: { programId } })).toBe(0);

    const stranger = `stranger-${uniqueId()}`;
    await handleOrderEvent(db, delivery(programId), paid(stranger, 4000, { email: "nobody@example.com" }));
    const purchase = await db.purchase.findUniqueOrThrow({ where: { programId_source_orderId: { programId, source: "WEBHOOK", orderId: stranger } }, include: { reward: true } });
    expect(purchase.reward).toBeNull();
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { programId, orderId: stranger } })).toMatchObject({ status: "ACCEPTED", reason: "customer is not a member yet: rewarded when they join" });
  });
});

describe("withSqlTransaction", () => {
  it("commits with the last statement, and rolls everything back when it fails", async () => {
    const { programId } = await aProgram();
    const key = `probe-${uniqueId()}`;
    await expect(
      withSqlTransaction(async (sql) => {
        await sql.query(`INSERT INTO processed_events (program_id, key) VALUES ($1::uuid, $2)`, [programId, key]);
        await sql.last(`SELECT 1 / $1::int AS x`, [0]);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await db.processedEvent.count({ where: { programId, key } })).toBe(0);

    const before = await moneyState();
    await expect(
      withSqlTransaction(async (sql) => {
        await sql.query(`INSERT INTO processed_events (program_id, key) VALUES ($1::uuid, $2)`, [programId, key]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await moneyState()).toEqual(before);

    // The connections are still usable, and a statement after the last one is refused.
    const rows = await withSqlTransaction(async (sql) => {
      await sql.query(`INSERT INTO processed_events (program_id, key) VALUES ($1::uuid, $2)`, [programId, key]);
      return sql.last<{ n: number }>(`SELECT count(*)::int AS n FROM processed_events WHERE program_id = $1::uuid`, [programId]);
    });
    expect(rows).toEqual([{ n: 1 }]);
    await expect(withSqlTransaction(async (sql) => {
      await sql.last(`SELECT 1`);
      await sql.query(`SELECT 1`);
    })).rejects.toThrow(/after the last/);
  });
});

describe("durability", () => {
  it("commits money with synchronous_commit on; only the rate-limit counters skip the WAL flush", async () => {
    const [money] = await withSqlTransaction((sql) => sql.last<{ s: string }>(`SELECT current_setting('synchronous_commit') AS s`));
    expect(money?.s).toBe("on");
    const counters = await Promise.all([1, 2, 3].map(() => rawCounterQuery<{ s: string }>(db, `SELECT current_setting('synchronous_commit') AS s`, [])));
    expect(counters.flat().map((r) => r.s)).toEqual(["off", "off", "off"]);
    expect(await rawQuery<{ s: string }>(db, `SELECT current_setting('synchronous_commit') AS s`, [])).toEqual([{ s: "on" }]);
  });
});

describe("openInboundProgram", () => {
  const limits = (ipKey: string, ipLimit: number, programLimit: number) => ({
    ipKey,
    ip: { limit: ipLimit, windowSeconds: 60 },
    programKeyPrefix: "events:program:",
    program: { limit: programLimit, windowSeconds: 60 },
  });

  it("counts the client first, then the program only while the client is allowed", async () => {
    const { programId, secret } = await aProgram();
    const ipKey = `route:test-ip:${uniqueId()}`;
    const first = await openInboundProgram(db, programId, limits(ipKey, 2, 1));
    expect(first).toMatchObject({ ip: { ok: true }, program: { id: programId, secrets: [secret], holdDays: 14 }, programLimit: { ok: true } });
    const second = await openInboundProgram(db, programId, limits(ipKey, 2, 1));
    expect(second).toMatchObject({ ip: { ok: true }, programLimit: { ok: false } });
    const third = await openInboundProgram(db, programId, limits(ipKey, 2, 1));
    expect(third).toEqual({ ip: expect.objectContaining({ ok: false }) as unknown });
    // The refused client did not use up the program's budget.
    const bucket = await db.rateLimitBucket.findUniqueOrThrow({ where: { key: `events:program:${programId}` } });
    expect(bucket.count).toBe(2);
  });

  it("counts the client for an unknown program, and reads no expired secret", async () => {
    const ipKey = `route:test-ip:${uniqueId()}`;
    expect(await openInboundProgram(db, randomUUID(), limits(ipKey, 5, 5))).toMatchObject({ ip: { ok: true, remaining: 4 }, program: null });
    const { programId, secret } = await aProgram();
    await db.programWebhookSecret.updateMany({ where: { programId, secret }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await openInboundProgram(db, programId, limits(ipKey, 5, 5))).toMatchObject({ program: { secrets: [] } });
  });
});

describe("verifyStandardWebhook", () => {
  const secretOf = (bytes: Uint8Array) => `whsec_${Buffer.from(bytes).toString("base64")}`;
  const libraryAccepts = (secret: string, body: string, h: Record<string, string>) => {
    try {
      new Webhook(secret).verify(body, h, { jsonParse: false });
      return true;
    } catch {
      return false;
    }
  };

  it("agrees with the standardwebhooks package on signed, tampered and oddly formed deliveries", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 48 }),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && !/[\u0000-\u001f,]/.test(s)),
        fc.string({ maxLength: 200 }),
        fc.integer({ min: -400, max: 400 }),
        fc.constantFrom("signed", "tampered", "wrong-secret", "extra-before", "v2-only", "garbage"),
        (keyBytes, id, body, skew, variant) => {
          const secret = secretOf(keyBytes);
          const at = new Date(Date.now() + skew * 1000);
          const good = new Webhook(variant === "wrong-secret" ? secretOf(keyBytes.map((b) => b ^ 1)) : secret).sign(id, at, variant === "tampered" ? `${body}x` : body);
          const signature = {
            signed: good,
            tampered: good,
            "wrong-secret": good,
            "extra-before": `v1,AAAA ${good}`,
            "v2-only": good.replace(/^v1,/, "v2,"),
            garbage: "v1",
          }[variant];
          const h = { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
          // Timestamps right at the 5-minute edge may cross it between the two checks.
          if (Math.abs(Math.abs(skew) - 300) <= 1) return;
          const ours = verifyStandardWebhook(body, new Headers(h), [secret]);
          expect(ours === null).toBe(libraryAccepts(secret, body, h));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("accepts any of the active secrets and names the reason for a refusal", () => {
    const old = secretOf(new Uint8Array(32).fill(1));
    const current = secretOf(new Uint8Array(32).fill(2));
    const at = new Date();
    const h = (secret: string, when = at) => new Headers({ "webhook-id": "msg_1", "webhook-timestamp": String(Math.floor(when.getTime() / 1000)), "webhook-signature": new Webhook(secret).sign("msg_1", when, "{}") });
    expect(verifyStandardWebhook("{}", h(old), [current, old])).toBeNull();
    expect(verifyStandardWebhook("{}", h(current), [current, old])).toBeNull();
    expect(verifyStandardWebhook("{}", h(old), [current])).toBe("The webhook-signature does not match the body.");
    expect(verifyStandardWebhook("{}", h(current, new Date(at.getTime() - 301_000)), [current])).toBe("The webhook-timestamp is more than 5 minutes old.");
    expect(verifyStandardWebhook("{}", h(current, new Date(at.getTime() + 301_000)), [current])).toBe("The webhook-timestamp is more than 5 minutes in the future.");
    expect(verifyStandardWebhook("{}", h(current), [])).toBe("The program has no signing secret yet.");
  });
});
