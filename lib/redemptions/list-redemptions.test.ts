import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { RedemptionStatus } from "@/lib/db/generated/enums";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { listRedemptions } from "./list-redemptions";

const short = () => randomUUID().slice(0, 8);
const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date("2026-11-10T12:00:00Z");

async function provider() {
  const owner = await db.user.create({ data: { email: `owner-${short()}@list.test`, passwordHash: "x" } });
  const created = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 500, processingMode: "AUTOMATIC", holdDays: 14 });
  const user = await db.user.create({ data: { email: `m-${short()}@list.test`, name: "Maya Lind", passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId: created.programId });
  return { ...created, memberId: member.id };
}

let holdIds = 1_000_000n;

/** A redemption row as the core writes it (this read function needs rows, not the ledger behind them). */
async function redemption(p: { programId: string; memberId: string }, opts: { orderId: string; status: RedemptionStatus; at: Date; held?: bigint; captured?: bigint; refunded?: bigint }) {
  const held = opts.held ?? 500n;
  return db.redemption.create({
    data: {
      id: `rdm_${short()}${short()}`,
      programId: p.programId,
      memberId: p.memberId,
      orderId: opts.orderId,
      currency: "EUR",
      amountRequested: held,
      amountHeld: held,
      amountCaptured: opts.captured ?? 0n,
      amountRefunded: opts.refunded ?? 0n,
      status: opts.status,
      source: "API",
      holdId: holdIds++,
      expiresAt: new Date(opts.at.getTime() + 30 * 60 * 1000),
      capturedAt: opts.captured ? opts.at : null,
      createdAt: opts.at,
    },
  });
}

describe("listRedemptions", () => {
  let a: Awaited<ReturnType<typeof provider>>;
  let b: Awaited<ReturnType<typeof provider>>;

  beforeAll(async () => {
    a = await provider();
    b = await provider();
    await redemption(a, { orderId: "A-1", status: "REQUIRES_CAPTURE", at: T0 });
    await redemption(a, { orderId: "A-2", status: "CAPTURED", at: new Date(T0.getTime() - DAY), captured: 500n });
    await redemption(a, { orderId: "A-3", status: "PARTIALLY_REFUNDED", at: new Date(T0.getTime() - 2 * DAY), captured: 500n, refunded: 200n });
    await redemption(a, { orderId: "A-4", status: "CANCELED", at: new Date(T0.getTime() - 10 * DAY) });
    await redemption(b, { orderId: "A-1", status: "CAPTURED", at: T0, captured: 500n });
  });

  it("lists the program's redemptions newest first, with the member", async () => {
    const page = await listRedemptions(db, { providerId: a.providerId, programId: a.programId });
    expect(page.total).toBe(4);
    expect(page.items.map((r) => r.orderId)).toEqual(["A-1", "A-2", "A-3", "A-4"]);
    expect(page.items[2]).toMatchObject({ status: "PARTIALLY_REFUNDED", amountCaptured: 500n, amountRefunded: 200n, member: { name: "Maya Lind" } });
  });

  it("never lists another program's redemptions, even given that program's id", async () => {
    const own = await listRedemptions(db, { providerId: b.providerId, programId: b.programId });
    expect(own.items.map((r) => r.orderId)).toEqual(["A-1"]);
    expect(own.items[0]?.status).toBe("CAPTURED");
    // Provider A asking for B's program (a forged id) gets nothing.
    const forged = await listRedemptions(db, { providerId: a.providerId, programId: b.programId });
    expect(forged).toMatchObject({ total: 0, items: [] });
  });

  it("filters by status, date range and order id", async () => {
    const base = { providerId: a.providerId, programId: a.programId };
    const captured = await listRedemptions(db, { ...base, filters: { status: ["CAPTURED", "PARTIALLY_REFUNDED"] } });
    expect(captured.items.map((r) => r.orderId)).toEqual(["A-2", "A-3"]);

    const range = await listRedemptions(db, { ...base, filters: { from: new Date(T0.getTime() - 2 * DAY - 1), to: new Date(T0.getTime() - 1) } });
    expect(range.items.map((r) => r.orderId)).toEqual(["A-2", "A-3"]);

    const order = await listRedemptions(db, { ...base, filters: { orderId: " A-3 " } });
    expect(order.items.map((r) => r.orderId)).toEqual(["A-3"]);

    const none = await listRedemptions(db, { ...base, filters: { orderId: "A-", status: ["CAPTURED"] } });
    expect(none.total).toBe(0);
  });

  it("pages, clamping the page number", async () => {
    const base = { providerId: a.providerId, programId: a.programId, limit: 3 };
    const first = await listRedemptions(db, { ...base, page: 1 });
    expect(first).toMatchObject({ total: 4, page: 1, pageCount: 2 });
    expect(first.items).toHaveLength(3);
    const second = await listRedemptions(db, { ...base, page: 2 });
    expect(second.items.map((r) => r.orderId)).toEqual(["A-4"]);
    const beyond = await listRedemptions(db, { ...base, page: 99 });
    expect(beyond.page).toBe(2);
  });
});
