import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { ProcessingMode, PurchaseSource } from "@/lib/db/generated/enums";
import { capture, hold, providerAccount } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { decodeOrderCursor, encodeOrderCursor, listOrders } from "./list-orders";
import { reviewReward } from "./review-reward";

const short = () => randomUUID().slice(0, 8);

async function business(mode: ProcessingMode = "MANUAL", holdDays = 14) {
  const owner = await db.user.create({ data: { email: `owner-${short()}@orders.test`, name: "Olga Owner", passwordHash: "x" } });
  return createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, processingMode: mode, holdDays });
}

async function member(programId: string, email = `m-${short()}@orders.test`) {
  const user = await db.user.create({ data: { email, name: "Maya Lind", passwordHash: "x" } });
  return joinProgram(db, { userId: user.id, programId });
}

async function buy(programId: string, customer: { memberId?: string; email?: string }, amountMinor: bigint, source: PurchaseSource = "WEBHOOK", orderId = `order-${short()}`) {
  const outcome = await recordPurchase(db, { programId, source, orderId, origin: {}, amountMinor, currency: "EUR", customer, actor: { type: "WEBHOOK" } });
  if (outcome.status !== "accepted") throw new Error("expected the purchase to be accepted");
  return { ...outcome, orderId };
}

describe("listOrders", () => {
  it("lists a provider's purchases newest first with their reward, customer and counts per status", async () => {
    const p = await business("MANUAL");
    const m = await member(p.programId, `maya-${short()}@orders.test`);
    const first = await buy(p.programId, { memberId: m.id }, 4210n);
    const second = await buy(p.programId, { memberId: m.id }, 1000n, "REGISTER");
    await reviewReward(db, { programId: p.programId, rewardId: second.reward!.id, decision: { action: "reject", reason: "test order" }, actor: { type: "USER", id: null } });
    const stranger = `stranger-${short()}@orders.test`;
    const waiting = await buy(p.programId, { email: stranger }, 500n);

    const page = await listOrders(p.providerId);
    expect(page.rows.map((r) => r.orderId)).toEqual([waiting.orderId, second.orderId, first.orderId]);
    expect(page.nextCursor).toBeNull();
    expect(page.rows[2]).toMatchObject({
      source: "WEBHOOK",
      amountMinor: 4210n,
      currency: "EUR",
      customer: { name: "Maya Lind", email: expect.stringContaining("maya-"), memberCode: m.code, isMember: true },
      reward: { status: "PENDING_REVIEW", amountMinor: 421n },
    });
    expect(page.rows[1]?.reward?.status).toBe("REJECTED");
    // A customer who has not joined: kept, no reward yet.
    expect(page.rows[0]).toMatchObject({ reward: null, customer: { email: stranger, isMember: false } });
    expect(page.counts).toMatchObject({ ALL: 3, PENDING_REVIEW: 1, REJECTED: 1, WAITING: 1, AVAILABLE: 0, REVERSAL_DUE: 0 });
  });

  it("filters by status, source, program and search, and keeps the counts to the other filters", async () => {
    const p = await business("MANUAL");
    const m = await member(p.programId, `findme-${short()}@orders.test`);
    const a = await buy(p.programId, { memberId: m.id }, 2000n, "WEBHOOK", `SHOP-${short()}`);
    const b = await buy(p.programId, { memberId: m.id }, 3000n, "REGISTER");
    const c = await buy(p.programId, { email: `guest-${short()}@orders.test` }, 100n);

    expect((await listOrders(p.providerId, { status: "PENDING_REVIEW" })).rows.map((r) => r.orderId).sort()).toEqual([a.orderId, b.orderId].sort());
    expect((await listOrders(p.providerId, { status: "WAITING" })).rows.map((r) => r.orderId)).toEqual([c.orderId]);
    expect((await listOrders(p.providerId, { status: "AVAILABLE" })).rows).toEqual([]);

    const register = await listOrders(p.providerId, { source: "REGISTER" });
    expect(register.rows.map((r) => r.orderId)).toEqual([b.orderId]);
    expect(register.counts).toMatchObject({ ALL: 1, PENDING_REVIEW: 1, WAITING: 0 });

    // Part of the order id, any case; the member's e-mail; the e-mail a guest order carried.
    expect((await listOrders(p.providerId, { q: a.orderId.slice(0, 9).toLowerCase() })).rows.map((r) => r.orderId)).toEqual([a.orderId]);
    expect((await listOrders(p.providerId, { q: "FINDME-" })).rows.map((r) => r.orderId).sort()).toEqual([a.orderId, b.orderId].sort());
    expect((await listOrders(p.providerId, { q: "guest-" })).rows.map((r) => r.orderId)).toEqual([c.orderId]);
    expect((await listOrders(p.providerId, { programId: p.programId })).rows).toHaveLength(3);
  });

  it("shows rewards refunded past the hold period with an amount not recovered yet", async () => {
    const p = await business("AUTOMATIC", 0);
    const m = await member(p.programId);
    const { orderId, reward } = await buy(p.programId, { memberId: m.id }, 5000n);
    expect(reward?.status).toBe("AVAILABLE");
    // The member spent €3.00 of the €5.00 before the refund: €2.00 is reversed at once, €3.00 is outstanding.
    const spent = await hold(db, { idempotencyKey: `t:${short()}`, memberId: m.id, currency: "EUR", amount: 300n });
    await capture(db, { holdId: spent.id, idempotencyKey: `t:${short()}`, to: providerAccount(p.providerId, "PROVIDER_LIABILITY", "EUR") });
    await recordRefund(db, { programId: p.programId, source: "WEBHOOK", orderId, refundMinor: 5000n, refundKey: "r1", eventKeys: [`wh:${short()}`], actor: { type: "WEBHOOK" } });
    const due = await listOrders(p.providerId, { status: "REVERSAL_DUE" });
    expect(due.rows).toHaveLength(1);
    expect(due.rows[0]).toMatchObject({ refundedMinor: 5000n, reward: { status: "REVERSED", reversalDueMinor: 0n, unrecoveredMinor: 300n } });
    expect(due.counts).toMatchObject({ REVERSED: 1, REVERSAL_DUE: 1 });
  });

  it("pages with a keyset cursor without skipping or repeating rows", async () => {
    const p = await business("MANUAL");
    const m = await member(p.programId);
    const orders: string[] = [];
    for (let i = 0; i < 5; i++) orders.push((await buy(p.programId, { memberId: m.id }, 1000n + BigInt(i))).orderId);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await listOrders(p.providerId, { limit: 2, cursor });
      seen.push(...page.rows.map((r) => r.orderId));
      expect(page.counts.ALL).toBe(5);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...orders].reverse());
  });

  it("ignores a cursor it did not make", async () => {
    const p = await business("MANUAL");
    const m = await member(p.programId);
    await buy(p.programId, { memberId: m.id }, 1000n);
    expect(decodeOrderCursor("not a cursor")).toBeNull();
    expect(decodeOrderCursor(Buffer.from("2026-01-01T00:00:00.000Z|1 OR 1=1").toString("base64url"))).toBeNull();
    const id = randomUUID();
    expect(decodeOrderCursor(encodeOrderCursor({ createdAt: new Date("2026-01-01T00:00:00Z"), id }))).toEqual({ createdAt: new Date("2026-01-01T00:00:00Z"), id });
    expect((await listOrders(p.providerId, { cursor: "garbage" })).rows).toHaveLength(1);
  });

  it("never shows another provider's purchases, even given their program id", async () => {
    const a = await business("MANUAL");
    const b = await business("MANUAL");
    const mb = await member(b.programId);
    const theirs = await buy(b.programId, { memberId: mb.id }, 1000n);
    await buy(b.programId, { email: `x-${short()}@orders.test` }, 1000n);

    const mine = await listOrders(a.providerId);
    expect(mine.rows).toEqual([]);
    expect(mine.counts.ALL).toBe(0);
    const forged = await listOrders(a.providerId, { programId: b.programId });
    expect(forged.rows).toEqual([]);
    expect(forged.counts).toMatchObject({ ALL: 0, PENDING_REVIEW: 0, WAITING: 0 });
    expect((await listOrders(a.providerId, { q: theirs.orderId })).rows).toEqual([]);
    expect((await listOrders(b.providerId)).rows).toHaveLength(2);
  });
});
