import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { cancelRedemption } from "@/lib/redemptions/cancel-redemption";
import { captureRedemption } from "@/lib/redemptions/capture-redemption";
import { createRedemption } from "@/lib/redemptions/create-redemption";
import { refundRedemption } from "@/lib/redemptions/refund-redemption";
import { createRedemptionSchema } from "@/lib/redemptions/schemas";
import { getProviderOverview } from "./get-provider-overview";

const DAY = 24 * 60 * 60 * 1000;
const short = () => randomUUID().slice(0, 8);
// Midday UTC, so "today" and the backdated rows never straddle a day boundary while the test runs.
const NOW = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 12));

async function provider() {
  const owner = await db.user.create({ data: { email: `owner-${short()}@overview.test`, passwordHash: "x" } });
  // No hold period: the cashback is available, so the member can spend it.
  const created = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, processingMode: "AUTOMATIC", holdDays: 0 });
  const user = await db.user.create({ data: { email: `m-${short()}@overview.test`, passwordHash: "x" } });
  const m = await joinProgram(db, { userId: user.id, programId: created.programId });
  return { ...created, ownerId: owner.id, memberId: m.id };
}

/** 10% cashback on a purchase, dated `at`: the "issued" side of the rate. */
async function buy(programId: string, memberId: string, amountMinor: bigint, at = NOW) {
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId: `order-${short()}`,
    origin: { test: true },
    amountMinor,
    currency: "EUR",
    customer: { memberId },
    actor: { type: "WEBHOOK", id: "test" },
  });
  if (outcome.status !== "accepted") throw new Error("expected the purchase to be accepted");
  await db.reward.updateMany({ where: { purchaseId: outcome.purchaseId }, data: { createdAt: at } });
}

/**
 * A redemption made through the core: held, then captured (and refunded) or cancelled; its capture is then
 * dated `capturedAt`, as if it had happened then.
 */
async function spend(p: { programId: string; memberId: string; ownerId: string }, opts: { amount: number; capture?: bigint; refund?: bigint; cancel?: boolean; capturedAt?: Date }) {
  const body = createRedemptionSchema.parse({ customer: { email: "unused@example.test" }, amount: opts.amount, currency: "EUR", orderId: `o-${short()}` });
  const { redemption } = await createRedemption(db, { programId: p.programId, source: "API", body, memberId: p.memberId });
  const ref = { programId: p.programId, redemptionId: redemption.id };
  if (opts.cancel) await cancelRedemption(db, { ...ref, actor: { type: "USER", id: p.ownerId } });
  if (opts.capture !== undefined) {
    await captureRedemption(db, { ...ref, amount: opts.capture });
    if (opts.refund) await refundRedemption(db, { ...ref, amount: opts.refund, idempotencyKey: `r-${short()}`, actor: { type: "USER", id: p.ownerId } });
    if (opts.capturedAt) await db.redemption.update({ where: { id: redemption.id }, data: { capturedAt: opts.capturedAt } });
  }
}

describe("getProviderOverview: cashback spent", () => {
  let a: Awaited<ReturnType<typeof provider>>;
  let b: Awaited<ReturnType<typeof provider>>;
  let c: Awaited<ReturnType<typeof provider>>;

  beforeAll(async () => {
    [a, b, c] = [await provider(), await provider(), await provider()];
    await buy(a.programId, a.memberId, 40_000n); // 4 000 issued today
    await spend(a, { amount: 600, capture: 600n, capturedAt: NOW });
    await spend(a, { amount: 800, capture: 500n, refund: 100n, capturedAt: NOW }); // 500 − 100; 300 back at capture
    await spend(a, { amount: 300, capture: 300n, capturedAt: new Date(NOW.getTime() - 3 * DAY) });
    await spend(a, { amount: 900, capture: 900n, capturedAt: new Date(NOW.getTime() - 45 * DAY) }); // out of the window
    await spend(a, { amount: 200 }); // held only: not redeemed
    await spend(a, { amount: 100, cancel: true });
    await buy(b.programId, b.memberId, 10_000n, new Date(NOW.getTime() - 40 * DAY)); // issued before the window
    await spend(b, { amount: 700, capture: 700n, capturedAt: NOW });
  });

  it("sums captured minus refunded for today and the 30 days, and the rate against cashback issued", async () => {
    const o = await getProviderOverview(db, a.providerId, NOW);
    expect(o.redeemedToday).toEqual([{ currency: "EUR", amountMinor: 1_000n }]); // 600 + 500 − 100
    expect(o.redeemed30Days).toEqual([{ currency: "EUR", amountMinor: 1_300n }]);
    expect(o.cashback30Days).toEqual([{ currency: "EUR", amountMinor: 4_000n }]);
    // 1 300 / 4 000 = 32.5%
    expect(o.redemptionRate30Days).toEqual([{ currency: "EUR", bps: 3_250 }]);
  });

  it("keeps each provider's figures apart, and has no rate when nothing was issued", async () => {
    const o = await getProviderOverview(db, b.providerId, NOW);
    expect(o.redeemedToday).toEqual([{ currency: "EUR", amountMinor: 700n }]);
    expect(o.redemptionRate30Days).toEqual([{ currency: "EUR", bps: null }]);
    const empty = await getProviderOverview(db, c.providerId, NOW);
    expect(empty).toMatchObject({ redeemedToday: [], redeemed30Days: [], redemptionRate30Days: [] });
  });

  it("moves the windows with now", async () => {
    const later = await getProviderOverview(db, a.providerId, new Date(NOW.getTime() + 2 * DAY));
    expect(later.redeemedToday).toEqual([]);
    expect(later.redeemed30Days).toEqual([{ currency: "EUR", amountMinor: 1_300n }]);
  });
});
