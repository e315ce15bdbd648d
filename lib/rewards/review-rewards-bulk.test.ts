import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import type { Actor } from "./actor";
import { reviewReward } from "./review-reward";
import { rewardProgramsOf, reviewRewardsBulk } from "./review-rewards-bulk";

const short = () => randomUUID().slice(0, 8);

async function business() {
  const owner = await db.user.create({ data: { email: `owner-${short()}@bulk.test`, name: "Olga Owner", passwordHash: "x" } });
  const p = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, processingMode: "MANUAL", holdDays: 14 });
  return { ...p, actor: { type: "USER", id: owner.id } satisfies Actor };
}

async function queued(programId: string, amountMinor = 2000n) {
  const user = await db.user.create({ data: { email: `m-${short()}@bulk.test`, passwordHash: "x" } });
  const m = await joinProgram(db, { userId: user.id, programId });
  const outcome = await recordPurchase(db, { programId, source: "WEBHOOK", orderId: `o-${short()}`, origin: {}, amountMinor, currency: "EUR", customer: { memberId: m.id }, actor: { type: "WEBHOOK" } });
  if (outcome.status !== "accepted" || !outcome.reward) throw new Error("expected a queued reward");
  return outcome.reward.id;
}

const statusOf = async (id: string) => (await db.reward.findUniqueOrThrow({ where: { id } })).status;

describe("reviewRewardsBulk", () => {
  it("approves many, reporting each outcome: approved, already decided, not found", async () => {
    const p = await business();
    const [r1, r2, decided] = [await queued(p.programId), await queued(p.programId), await queued(p.programId)];
    await reviewReward(db, { programId: p.programId, rewardId: decided, decision: { action: "reject", reason: "duplicate order" }, actor: p.actor });
    const unknown = randomUUID();

    const outcomes = await reviewRewardsBulk(db, { providerId: p.providerId, rewardIds: [r1, r2, decided, unknown, r1], decision: { action: "approve" }, actor: p.actor });
    expect(outcomes).toEqual([
      { rewardId: r1, ok: true, status: "PENDING" },
      { rewardId: r2, ok: true, status: "PENDING" },
      { rewardId: decided, ok: false, code: "CONFLICT", message: expect.any(String) },
      { rewardId: unknown, ok: false, code: "NOT_FOUND", message: expect.any(String) },
    ]);
    expect(await statusOf(r1)).toBe("PENDING");
    expect(await statusOf(decided)).toBe("REJECTED");
    const events = await db.rewardEvent.findMany({ where: { rewardId: r1, toStatus: "PENDING" } });
    expect(events).toMatchObject([{ actorType: "USER", actorId: p.actor.id }]);
  });

  it("rejects with one reason recorded on each", async () => {
    const p = await business();
    const ids = [await queued(p.programId), await queued(p.programId)];
    const outcomes = await reviewRewardsBulk(db, { providerId: p.providerId, rewardIds: ids, decision: { action: "reject", reason: "test orders" }, actor: p.actor });
    expect(outcomes.every((o) => o.ok && o.status === "REJECTED")).toBe(true);
    const events = await db.rewardEvent.findMany({ where: { rewardId: { in: ids }, toStatus: "REJECTED" } });
    expect(events.map((e) => e.reason)).toEqual(["test orders", "test orders"]);
  });

  it("refuses another provider's rewards as not found and leaves them untouched", async () => {
    const a = await business();
    const b = await business();
    const mine = await queued(a.programId);
    const theirs = await queued(b.programId);
    const outcomes = await reviewRewardsBulk(db, { providerId: a.providerId, rewardIds: [theirs, mine], decision: { action: "approve" }, actor: a.actor });
    expect(outcomes).toEqual([
      { rewardId: theirs, ok: false, code: "NOT_FOUND", message: expect.any(String) },
      { rewardId: mine, ok: true, status: "PENDING" },
    ]);
    expect(await statusOf(theirs)).toBe("PENDING_REVIEW");
    expect(await db.rewardEvent.count({ where: { rewardId: theirs } })).toBe(1);
    expect([...(await rewardProgramsOf(db, a.providerId, [mine, theirs])).entries()]).toEqual([[mine, a.programId]]);
  });

  it("holds and adjusts one reward, with a reason", async () => {
    const p = await business();
    const [held, adjusted] = [await queued(p.programId), await queued(p.programId)];
    expect(await reviewRewardsBulk(db, { providerId: p.providerId, rewardIds: [held], decision: { action: "hold", reason: "check the receipt" }, actor: p.actor })).toEqual([
      { rewardId: held, ok: true, status: "HELD" },
    ]);
    expect(await reviewRewardsBulk(db, { providerId: p.providerId, rewardIds: [adjusted], decision: { action: "approve", amountMinor: 150n }, actor: p.actor })).toMatchObject([
      { rewardId: adjusted, ok: false, code: "VALIDATION" },
    ]);
    expect(await reviewRewardsBulk(db, { providerId: p.providerId, rewardIds: [adjusted], decision: { action: "approve", amountMinor: 150n, reason: "goodwill" }, actor: p.actor })).toEqual([
      { rewardId: adjusted, ok: true, status: "PENDING" },
    ]);
    // The explanation a member and the business read says the adjustment and its reason, not only the rules' sum.
    expect(await db.reward.findUniqueOrThrow({ where: { id: adjusted } })).toMatchObject({
      amountMinor: 150n,
      computedMinor: 200n,
      explanation: expect.stringMatching(/^Adjusted to €1\.50: goodwill \(the rules gave €2\.00: .+\)$/),
    });
  });
});
