import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { cancelRedemption } from "./cancel-redemption";
import { captureRedemption } from "./capture-redemption";
import { createRedemption } from "./create-redemption";
import { findProviderRedemption, getRedemptionDetail } from "./get-redemption-detail";
import { refundRedemption } from "./refund-redemption";
import { createRedemptionSchema } from "./schemas";

const short = () => randomUUID().slice(0, 8);

/** A provider whose member has `availableMinor` of available cashback (10% of a purchase, no hold period). */
async function provider(availableMinor: bigint) {
  const owner = await db.user.create({ data: { email: `owner-${short()}@detail.test`, name: "Olga Owner", passwordHash: "x" } });
  const p = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 0 });
  const user = await db.user.create({ data: { email: `m-${short()}@detail.test`, name: "Maya Lind", passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId: p.programId });
  const outcome = await recordPurchase(db, {
    programId: p.programId,
    source: "WEBHOOK",
    orderId: `o-${short()}`,
    origin: {},
    amountMinor: availableMinor * 10n,
    currency: "EUR",
    customer: { memberId: member.id },
    actor: { type: "WEBHOOK" },
  });
  if (outcome.status !== "accepted" || outcome.reward?.status !== "AVAILABLE") throw new Error("expected available cashback");
  return { ...p, ownerId: owner.id, memberId: member.id };
}

async function hold(p: { programId: string; memberId: string }, orderId: string, amount: number) {
  const body = createRedemptionSchema.parse({ customer: { memberCode: "ignored" }, amount, currency: "EUR", orderId });
  const { redemption } = await createRedemption(db, { programId: p.programId, source: "API", body, memberId: p.memberId, idempotencyKey: `k-${orderId}` });
  return redemption.id;
}

describe("getRedemptionDetail", () => {
  let a: Awaited<ReturnType<typeof provider>>;
  let b: Awaited<ReturnType<typeof provider>>;
  let refundedId: string;
  let canceledId: string;

  beforeAll(async () => {
    a = await provider(5_000n);
    b = await provider(5_000n);
    refundedId = await hold(a, "A-1", 1_000);
    await captureRedemption(db, { programId: a.programId, redemptionId: refundedId, amount: 800n });
    await refundRedemption(db, { programId: a.programId, redemptionId: refundedId, amount: 300n, idempotencyKey: "r-1", actor: { type: "USER", id: a.ownerId }, reason: "Returned a mug" });
    canceledId = await hold(a, "A-2", 500);
    await cancelRedemption(db, { programId: a.programId, redemptionId: canceledId, actor: { type: "USER", id: a.ownerId } });
  });

  it("shows the hold, every ledger movement and the refunds of a captured, partly refunded redemption", async () => {
    const d = await getRedemptionDetail(db, { providerId: a.providerId, redemptionId: refundedId });
    expect(d).toMatchObject({
      orderId: "A-1",
      status: "PARTIALLY_REFUNDED",
      amountHeld: 1_000n,
      amountCaptured: 800n,
      amountRefunded: 300n,
      member: { id: a.memberId, name: "Maya Lind" },
      hold: { amount: 1_000n, captured: 800n, released: 200n, status: "CAPTURED" },
    });
    expect(d?.movements.map((m) => m.kind)).toEqual(["REDEEM_HOLD", "REDEEM_CAPTURE", "REDEEM_REFUND"]);
    expect(d?.movements.map((m) => m.amount)).toEqual([1_000n, 1_000n, 300n]);
    // Every movement balances.
    for (const m of d?.movements ?? []) expect(m.entries.reduce((s, e) => s + e.amount, 0n)).toBe(0n);
    const refund = d?.movements[2];
    expect(refund?.entries).toEqual(
      expect.arrayContaining([
        { account: "PROVIDER_LIABILITY", amount: -300n },
        { account: "MEMBER_AVAILABLE", amount: 300n },
      ]),
    );
    expect(d?.refunds).toHaveLength(1);
    expect(d?.refunds[0]).toMatchObject({ amount: 300n, reason: "Returned a mug", actor: { type: "USER", id: a.ownerId, label: "Olga Owner" } });
  });

  it("shows a canceled hold and its release", async () => {
    const d = await getRedemptionDetail(db, { providerId: a.providerId, redemptionId: canceledId });
    expect(d).toMatchObject({ status: "CANCELED", amountCaptured: 0n, hold: { status: "RELEASED", released: 500n }, refunds: [] });
    expect(d?.movements.map((m) => m.kind)).toEqual(["REDEEM_HOLD", "REDEEM_RELEASE"]);
  });

  it("reveals nothing to another provider, or for a malformed id", async () => {
    expect(await getRedemptionDetail(db, { providerId: b.providerId, redemptionId: refundedId })).toBeNull();
    expect(await findProviderRedemption(db, { providerId: b.providerId, redemptionId: refundedId })).toBeNull();
    expect(await getRedemptionDetail(db, { providerId: a.providerId, redemptionId: "rdm_nope" })).toBeNull();
    expect(await getRedemptionDetail(db, { providerId: a.providerId, redemptionId: "'; drop table redemptions; --" })).toBeNull();
    expect(await findProviderRedemption(db, { providerId: a.providerId, redemptionId: refundedId })).toMatchObject({ programId: a.programId, currency: "EUR" });
  });
});
