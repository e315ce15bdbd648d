import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { RedemptionStatus } from "@/lib/db/generated/enums";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { getProviderOverview } from "./get-provider-overview";

const DAY = 24 * 60 * 60 * 1000;
const short = () => randomUUID().slice(0, 8);
// Midday UTC, so "today" and the backdated rows never straddle a day boundary while the test runs.
const NOW = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 12));

async function provider() {
  const owner = await db.user.create({ data: { email: `owner-${short()}@overview.test`, passwordHash: "x" } });
  const created = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, processingMode: "AUTOMATIC", holdDays: 14 });
  const user = await db.user.create({ data: { email: `m-${short()}@overview.test`, passwordHash: "x" } });
  const m = await joinProgram(db, { userId: user.id, programId: created.programId });
  return { ...created, memberId: m.id };
}

/** 10% cashback on a purchase recorded now: the "issued" side of the rate. */
async function buy(programId: string, memberId: string, amountMinor: bigint) {
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId: `order-${short()}`,
    origin: { test: true },
    amountMinor,
    currency: "EUR",
    customer: { memberId },
    actor: { type: "WEBHOOK", id: "test" },
    now: NOW,
  });
  if (outcome.status !== "accepted") throw new Error("expected the purchase to be accepted");
  await db.reward.updateMany({ where: { purchaseId: outcome.purchaseId }, data: { createdAt: NOW } });
}

let holdIds = 2_000_000n;

/** A redemption row as the core writes it; the overview reads rows only. */
async function redemption(p: { programId: string; memberId: string }, opts: { status: RedemptionStatus; capturedAt: Date | null; captured: bigint; refunded?: bigint }) {
  await db.redemption.create({
    data: {
      id: `rdm_${short()}${short()}`,
      programId: p.programId,
      memberId: p.memberId,
      orderId: `o-${short()}`,
      currency: "EUR",
      amountRequested: 1_000n,
      amountHeld: 1_000n,
      amountCaptured: opts.captured,
      amountRefunded: opts.refunded ?? 0n,
      status: opts.status,
      source: "API",
      holdId: holdIds++,
      expiresAt: NOW,
      capturedAt: opts.capturedAt,
      createdAt: opts.capturedAt ?? NOW,
    },
  });
}

describe("getProviderOverview: cashback spent", () => {
  let a: Awaited<ReturnType<typeof provider>>;
  let b: Awaited<ReturnType<typeof provider>>;
  let c: Awaited<ReturnType<typeof provider>>;

  beforeAll(async () => {
    [a, b, c] = [await provider(), await provider(), await provider()];
    await buy(a.programId, a.memberId, 40_000n); // 4 000 issued today
    await redemption(a, { status: "CAPTURED", capturedAt: NOW, captured: 600n });
    await redemption(a, { status: "PARTIALLY_REFUNDED", capturedAt: NOW, captured: 500n, refunded: 100n });
    await redemption(a, { status: "CAPTURED", capturedAt: new Date(NOW.getTime() - 3 * DAY), captured: 300n });
    await redemption(a, { status: "CAPTURED", capturedAt: new Date(NOW.getTime() - 45 * DAY), captured: 900n }); // out of the window
    await redemption(a, { status: "REQUIRES_CAPTURE", capturedAt: null, captured: 0n }); // held only: not redeemed
    await redemption(a, { status: "CANCELED", capturedAt: null, captured: 0n });
    await redemption(b, { status: "CAPTURED", capturedAt: NOW, captured: 700n }); // provider B spends, issued nothing
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
