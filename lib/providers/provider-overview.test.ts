import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { getProviderOverview } from "./get-provider-overview";

const DAY = 24 * 60 * 60 * 1000;
const short = () => randomUUID().slice(0, 8);
// Midday UTC, so "today" and the backdated rows never straddle a day boundary while the test runs.
const NOW = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 12));

async function provider() {
  const owner = await db.user.create({ data: { email: `owner-${short()}@overview.test`, passwordHash: "x" } });
  const created = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, processingMode: "AUTOMATIC", holdDays: 14 });
  const user = await db.user.create({ data: { email: `m-${short()}@overview.test`, name: "Maya Lind", passwordHash: "x" } });
  const m = await joinProgram(db, { userId: user.id, programId: created.programId });
  return { ...created, memberId: m.id };
}

/** Records a purchase and moves its purchase and reward to `at`, as if it had been recorded then. */
async function buy(programId: string, memberId: string, amountMinor: bigint, at = NOW) {
  const orderId = `order-${short()}`;
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId,
    origin: { test: true },
    amountMinor,
    currency: "EUR",
    customer: { memberId },
    actor: { type: "WEBHOOK", id: "test" },
    now: at,
  });
  if (outcome.status !== "accepted") throw new Error("expected the purchase to be accepted");
  await db.purchase.update({ where: { id: outcome.purchaseId }, data: { createdAt: at } });
  await db.reward.updateMany({ where: { purchaseId: outcome.purchaseId }, data: { createdAt: at } });
  return { orderId, purchaseId: outcome.purchaseId };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

describe("getProviderOverview", () => {
  let a: Awaited<ReturnType<typeof provider>>;
  let b: Awaited<ReturnType<typeof provider>>;

  beforeAll(async () => {
    a = await provider();
    b = await provider();
    await db.program.update({ where: { id: a.programId }, data: { reviewThresholdMinor: 5_000n } });

    await buy(a.programId, a.memberId, 10_000n); // 1 000 today
    const refunded = await buy(a.programId, a.memberId, 30_000n); // 3 000 today, then fully refunded
    await recordRefund(db, {
      programId: a.programId,
      source: "WEBHOOK",
      orderId: refunded.orderId,
      refundMinor: 30_000n,
      refundKey: "r1",
      eventKeys: [`refund:${short()}`],
      actor: { type: "WEBHOOK", id: "test" },
    });
    await buy(a.programId, a.memberId, 20_000n, new Date(NOW.getTime() - 5 * DAY)); // 2 000, five days ago
    await buy(a.programId, a.memberId, 40_000n, new Date(NOW.getTime() - 40 * DAY)); // 4 000, out of the window
    await buy(a.programId, a.memberId, 100_000n); // 10 000 > threshold: review queue

    await db.webhookDelivery.createMany({
      data: [
        { programId: a.programId, channel: "generic", status: "REJECTED", httpStatus: 401, createdAt: NOW },
        { programId: a.programId, channel: "generic", status: "REJECTED", httpStatus: 401, createdAt: new Date(NOW.getTime() - DAY) },
        { programId: a.programId, channel: "generic", status: "ACCEPTED", httpStatus: 200, createdAt: NOW },
        { programId: b.programId, channel: "generic", status: "REJECTED", httpStatus: 401, createdAt: NOW },
      ],
    });
    await db.guardHit.createMany({
      data: [
        { programId: a.programId, guard: "VELOCITY", createdAt: NOW },
        { programId: a.programId, guard: "VELOCITY", createdAt: new Date(NOW.getTime() - 3 * DAY) },
        { programId: a.programId, guard: "BAD_SIGNATURE", createdAt: new Date(NOW.getTime() - 40 * DAY) },
        { programId: b.programId, guard: "RATE_LIMIT", createdAt: NOW },
      ],
    });

    await buy(b.programId, b.memberId, 50_000n); // 5 000 at provider B only
  });

  it("computes the figures of the provider's own programs only", async () => {
    const o = await getProviderOverview(db, a.providerId, NOW);
    expect(o.programs).toBe(1);
    expect(o.members).toBe(1);
    expect(o.purchasesToday).toBe(3);
    expect(o.cashbackToday).toEqual([{ currency: "EUR", amountMinor: 1_000n }]);
    expect(o.cashback30Days).toEqual([{ currency: "EUR", amountMinor: 3_000n }]);
    expect(o.failedDeliveriesToday).toBe(1);
    expect(o.guardHits30Days.find((g) => g.guard === "VELOCITY")?.count).toBe(2);
    expect(o.guardHits30Days.some((g) => g.guard === "BAD_SIGNATURE" || g.guard === "RATE_LIMIT")).toBe(false);
    expect(o.reviewQueue).toBe(1);
    // Issued rewards not reversed, whatever their age: 1 000 + 2 000 + 4 000.
    expect(o.liability).toEqual([{ currency: "EUR", amountMinor: 7_000n }]);
    expect(o.latestActivity.length).toBeGreaterThan(0);
    expect(o.latestActivity.length).toBeLessThanOrEqual(10);
    const ids = o.latestActivity.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)));
    expect(o.latestActivity.some((e) => e.amountMinor === 5_000n)).toBe(false);
  });

  it("shows provider B nothing of provider A", async () => {
    const o = await getProviderOverview(db, b.providerId, NOW);
    expect(o.purchasesToday).toBe(1);
    expect(o.cashbackToday).toEqual([{ currency: "EUR", amountMinor: 5_000n }]);
    expect(o.reviewQueue).toBe(0);
    expect(o.failedDeliveriesToday).toBe(1);
    expect(o.guardHits30Days).toEqual([{ guard: "RATE_LIMIT", count: 1 }]);
    expect(o.liability).toEqual([{ currency: "EUR", amountMinor: 5_000n }]);
    expect(o.latestActivity.every((e) => e.amountMinor === 5_000n)).toBe(true);
  });

  it("returns zeroes for an unknown provider", async () => {
    const o = await getProviderOverview(db, randomUUID(), NOW);
    expect(o).toMatchObject({ programs: 0, purchasesToday: 0, cashbackToday: [], liability: [], series: [], latestActivity: [] });
  });

  it("zero-fills a 30-day daily series ending today", async () => {
    const o = await getProviderOverview(db, a.providerId, NOW);
    expect(o.series).toHaveLength(1);
    const points = o.series[0]!.points;
    expect(points).toHaveLength(30);
    expect(points.at(-1)).toEqual({ day: isoDay(NOW), amountMinor: 1_000n });
    expect(points.find((p) => p.day === isoDay(new Date(NOW.getTime() - 5 * DAY)))?.amountMinor).toBe(2_000n);
    expect(points[0]!.day).toBe(isoDay(new Date(NOW.getTime() - 29 * DAY)));
    expect(points.filter((p) => p.amountMinor === 0n)).toHaveLength(28);
    expect(points.reduce((s, p) => s + p.amountMinor, 0n)).toBe(o.cashback30Days[0]!.amountMinor);
  });

  it("moves the today and 30-day windows with now", async () => {
    const tomorrow = await getProviderOverview(db, a.providerId, new Date(NOW.getTime() + DAY));
    expect(tomorrow.purchasesToday).toBe(0);
    expect(tomorrow.cashbackToday).toEqual([]);
    expect(tomorrow.failedDeliveriesToday).toBe(0);
    expect(tomorrow.cashback30Days).toEqual([{ currency: "EUR", amountMinor: 3_000n }]);

    const inAMonth = await getProviderOverview(db, a.providerId, new Date(NOW.getTime() + 27 * DAY));
    expect(inAMonth.cashback30Days).toEqual([{ currency: "EUR", amountMinor: 1_000n }]);

    const sixWeeksAgo = await getProviderOverview(db, a.providerId, new Date(NOW.getTime() - 40 * DAY));
    expect(sixWeeksAgo.cashbackToday).toEqual([{ currency: "EUR", amountMinor: 4_000n }]);
    expect(sixWeeksAgo.purchasesToday).toBe(1);
  });
});
