import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, db, type Db } from "@/lib/db/client";
import type { ProcessingMode } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { balance, memberAccount, providerAccount } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase, type PurchaseItemInput } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { percentageRuleSet, serializeRuleSet, type RuleSet } from "@/lib/rules";
import type { Actor } from "./actor";
import { releaseDueRewards } from "./release-due-rewards";
import { reviewReward } from "./review-reward";

const DAY = 24 * 60 * 60 * 1000;
const uid = () => randomUUID();
const short = () => uid().slice(0, 8);

type ProgramSetup = {
  mode?: ProcessingMode;
  holdDays?: number;
  bps?: number;
  ruleSet?: RuleSet;
  reviewThresholdMinor?: bigint;
  velocityLimitPerDay?: number;
};

/** A business of its own (owner, program) per test, so balances and counters never mix. */
async function program(setup: ProgramSetup = {}) {
  const owner = await db.user.create({ data: { email: `owner-${short()}@rewards.test`, name: "Olga Owner", passwordHash: "x" } });
  const created = await createProvider(db, {
    name: "Shop",
    slug: `shop-${short()}`,
    ownerUserId: owner.id,
    cashbackBps: setup.bps ?? 1000,
    processingMode: setup.mode ?? "AUTOMATIC",
    holdDays: setup.holdDays ?? 14,
  });
  await db.program.update({
    where: { id: created.programId },
    data: {
      ...(setup.ruleSet ? { ruleSet: serializeRuleSet(setup.ruleSet) } : {}),
      reviewThresholdMinor: setup.reviewThresholdMinor ?? null,
      velocityLimitPerDay: setup.velocityLimitPerDay ?? null,
    },
  });
  return { ...created, ownerId: owner.id };
}

async function member(programId: string, email = `m-${short()}@rewards.test`) {
  const user = await db.user.create({ data: { email, name: "Maya Lind", passwordHash: "x" } });
  const m = await joinProgram(db, { userId: user.id, programId });
  return { id: m.id, userId: user.id, email };
}

async function buy(programId: string, customer: { memberId?: string; email?: string }, amountMinor: bigint, items?: PurchaseItemInput[]) {
  const orderId = `order-${short()}`;
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId,
    origin: { test: true },
    amountMinor,
    currency: "EUR",
    customer,
    items,
    actor: { type: "WEBHOOK", id: "test" },
  });
  if (outcome.status !== "accepted") throw new Error("expected the purchase to be accepted");
  return { ...outcome, orderId };
}

const rewardOf = (id: string) => db.reward.findUniqueOrThrow({ where: { id } });
const eventsOf = (rewardId: string) => db.rewardEvent.findMany({ where: { rewardId }, orderBy: { id: "asc" } });
const postingsOf = async (rewardId: string) =>
  (await db.ledgerTransaction.findMany({ where: { referenceType: "reward", referenceId: rewardId }, orderBy: { id: "asc" }, select: { kind: true } })).map((t) => t.kind);

async function balances(memberId: string, providerId: string) {
  const [pending, available, liability] = await Promise.all([
    balance(db, memberAccount(memberId, "MEMBER_PENDING", "EUR")),
    balance(db, memberAccount(memberId, "MEMBER_AVAILABLE", "EUR")),
    balance(db, providerAccount(providerId, "PROVIDER_LIABILITY", "EUR")),
  ]);
  return { pending, available, liability };
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error("expected a DomainError, but the call succeeded");
}

const reviewer = (id: string): Actor => ({ type: "USER", id });

describe("automatic processing", () => {
  it("issues a pending reward with an earn posting, available after the hold period", async () => {
    const p = await program({ holdDays: 14, bps: 1000 });
    const m = await member(p.programId);
    const before = Date.now();
    const { reward } = await buy(p.programId, { memberId: m.id }, 4210n);
    const after = Date.now();

    const r = await rewardOf(reward!.id);
    expect(r).toMatchObject({ status: "PENDING", amountMinor: 421n, computedMinor: 421n });
    expect(r.availableAt!.getTime()).toBeGreaterThanOrEqual(before + 14 * DAY);
    expect(r.availableAt!.getTime()).toBeLessThanOrEqual(after + 14 * DAY);
    expect(r.explanation).toContain("10%");
    expect(await postingsOf(r.id)).toEqual(["EARN"]);
    expect(await balances(m.id, p.providerId)).toEqual({ pending: 421n, available: 0n, liability: -421n });
    expect((await eventsOf(r.id)).map((e) => [e.fromStatus, e.toStatus, e.actorType, e.reason])).toEqual([
      [null, "PENDING_REVIEW", "WEBHOOK", "purchase recorded"],
      ["PENDING_REVIEW", "PENDING", "WEBHOOK", "automatic processing"],
    ]);

    // Before the hold period ends nothing moves; after it, the reward becomes available.
    await releaseDueRewards(db, { now: new Date(r.availableAt!.getTime() - 1000) });
    expect((await rewardOf(r.id)).status).toBe("PENDING");
    const released = await releaseDueRewards(db, { now: new Date(r.availableAt!.getTime() + 1000) });
    expect(released.released).toBeGreaterThanOrEqual(1);
    expect((await rewardOf(r.id)).status).toBe("AVAILABLE");
    expect(await postingsOf(r.id)).toEqual(["EARN", "RELEASE"]);
    expect(await balances(m.id, p.providerId)).toEqual({ pending: 0n, available: 421n, liability: -421n });
    expect((await eventsOf(r.id)).at(-1)).toMatchObject({ fromStatus: "PENDING", toStatus: "AVAILABLE", actorType: "SYSTEM", reason: "hold period ended" });

    // Running it again releases nothing twice.
    await releaseDueRewards(db, { now: new Date(r.availableAt!.getTime() + 2000) });
    expect(await postingsOf(r.id)).toEqual(["EARN", "RELEASE"]);
  });

  it("with a 0-day hold the reward is available at once", async () => {
    const p = await program({ holdDays: 0, bps: 500 });
    const m = await member(p.programId);
    const { reward } = await buy(p.programId, { memberId: m.id }, 2000n);
    expect(reward).toMatchObject({ status: "AVAILABLE", amountMinor: 100n });
    expect(await postingsOf(reward!.id)).toEqual(["EARN", "RELEASE"]);
    expect(await balances(m.id, p.providerId)).toEqual({ pending: 0n, available: 100n, liability: -100n });
  });
});

describe("manual processing", () => {
  it("queues every purchase for review with no posting; approve issues it, recording who and why", async () => {
    const p = await program({ mode: "MANUAL", holdDays: 14 });
    const m = await member(p.programId);
    const { reward } = await buy(p.programId, { memberId: m.id }, 3000n);
    expect(reward).toMatchObject({ status: "PENDING_REVIEW", amountMinor: 300n });
    expect(await postingsOf(reward!.id)).toEqual([]);
    expect(await balances(m.id, p.providerId)).toEqual({ pending: 0n, available: 0n, liability: 0n });

    const approved = await reviewReward(db, { programId: p.programId, rewardId: reward!.id, decision: { action: "approve", reason: "receipt checked" }, actor: reviewer(p.ownerId) });
    expect(approved).toMatchObject({ status: "PENDING", amountMinor: 300n });
    expect(await postingsOf(reward!.id)).toEqual(["EARN"]);
    expect(await balances(m.id, p.providerId)).toEqual({ pending: 300n, available: 0n, liability: -300n });
    expect((await eventsOf(reward!.id)).at(-1)).toMatchObject({ fromStatus: "PENDING_REVIEW", toStatus: "PENDING", actorType: "USER", actorId: p.ownerId, reason: "receipt checked" });

    // Decided rewards cannot be reviewed again.
    expect(await codeOf(reviewReward(db, { programId: p.programId, rewardId: reward!.id, decision: { action: "reject", reason: "changed my mind" }, actor: reviewer(p.ownerId) }))).toMatchObject({ code: "CONFLICT" });
  });

  it("adjusting the amount needs a reason, credits the adjusted amount and keeps what the rules computed", async () => {
    const p = await program({ mode: "MANUAL" });
    const m = await member(p.programId);
    const { reward } = await buy(p.programId, { memberId: m.id }, 3000n);
    const id = reward!.id;
    expect(await codeOf(reviewReward(db, { programId: p.programId, rewardId: id, decision: { action: "approve", amountMinor: 200n }, actor: reviewer(p.ownerId) }))).toEqual({ code: "VALIDATION", field: "reason" });
    expect(await codeOf(reviewReward(db, { programId: p.programId, rewardId: id, decision: { action: "approve", amountMinor: 0n, reason: "zero" }, actor: reviewer(p.ownerId) }))).toEqual({ code: "VALIDATION", field: "amountMinor" });
    expect((await rewardOf(id)).status).toBe("PENDING_REVIEW");

    await reviewReward(db, { programId: p.programId, rewardId: id, decision: { action: "approve", amountMinor: 200n, reason: "one item was a gift card" }, actor: reviewer(p.ownerId) });
    expect(await rewardOf(id)).toMatchObject({ status: "PENDING", amountMinor: 200n, computedMinor: 300n });
    expect(await balances(m.id, p.providerId)).toMatchObject({ pending: 200n, liability: -200n });
    expect((await eventsOf(id)).at(-1)).toMatchObject({ toStatus: "PENDING", amountMinor: 200n, actorId: p.ownerId, reason: "one item was a gift card" });
  });

  it("hold parks a reward for investigation and it can still be approved; reject ends it with a reason", async () => {
    const p = await program({ mode: "MANUAL", holdDays: 0 });
    const m = await member(p.programId);
    const first = (await buy(p.programId, { memberId: m.id }, 1000n)).reward!;
    const second = (await buy(p.programId, { memberId: m.id }, 5000n)).reward!;

    const held = await reviewReward(db, { programId: p.programId, rewardId: first.id, decision: { action: "hold", reason: "same card as a chargeback" }, actor: reviewer(p.ownerId) });
    expect(held.status).toBe("HELD");
    expect(await postingsOf(first.id)).toEqual([]);
    const approved = await reviewReward(db, { programId: p.programId, rewardId: first.id, decision: { action: "approve" }, actor: reviewer(p.ownerId) });
    expect(approved.status).toBe("AVAILABLE"); // 0-day hold
    expect((await eventsOf(first.id)).slice(1).map((e) => [e.fromStatus, e.toStatus, e.actorId, e.reason])).toEqual([
      ["PENDING_REVIEW", "HELD", p.ownerId, "same card as a chargeback"],
      ["HELD", "PENDING", p.ownerId, "approved"],
      ["PENDING", "AVAILABLE", p.ownerId, "no hold period"],
    ]);

    const rejected = await reviewReward(db, { programId: p.programId, rewardId: second.id, decision: { action: "reject", reason: "staff purchase" }, actor: reviewer(p.ownerId) });
    expect(rejected.status).toBe("REJECTED");
    expect(await postingsOf(second.id)).toEqual([]);
    expect((await eventsOf(second.id)).at(-1)).toMatchObject({ fromStatus: "PENDING_REVIEW", toStatus: "REJECTED", actorType: "USER", actorId: p.ownerId, reason: "staff purchase" });
    expect(await balances(m.id, p.providerId)).toEqual({ pending: 0n, available: 100n, liability: -100n });
  });

  it("a program whose rules cannot be read sends purchases to review; approving then needs an amount", async () => {
    const p = await program({ holdDays: 14 });
    await db.program.update({ where: { id: p.programId }, data: { ruleSet: { base: { type: "percentage", bps: 20_000 } } } });
    const m = await member(p.programId);
    const { reward } = await buy(p.programId, { memberId: m.id }, 1000n);
    expect(reward).toMatchObject({ status: "PENDING_REVIEW", amountMinor: 0n });
    expect((await rewardOf(reward!.id)).explanation).toMatch(/^The program's rules could not be read/);
    expect(await codeOf(reviewReward(db, { programId: p.programId, rewardId: reward!.id, decision: { action: "approve" }, actor: reviewer(p.ownerId) }))).toEqual({ code: "VALIDATION", field: "amountMinor" });
    await reviewReward(db, { programId: p.programId, rewardId: reward!.id, decision: { action: "approve", amountMinor: 50n, reason: "goodwill" }, actor: reviewer(p.ownerId) });
    expect(await balances(m.id, p.providerId)).toMatchObject({ pending: 50n });
  });
});

describe("guards route to review", () => {
  it("a reward above the review threshold waits for review and counts a guard hit", async () => {
    const p = await program({ reviewThresholdMinor: 500n, bps: 1000 });
    const m = await member(p.programId);
    const small = (await buy(p.programId, { memberId: m.id }, 5000n)).reward!; // 500: at the threshold, not above
    const large = (await buy(p.programId, { memberId: m.id }, 5010n)).reward!; // 501
    expect(small.status).toBe("PENDING");
    expect(large.status).toBe("PENDING_REVIEW");
    expect(await postingsOf(large.id)).toEqual([]);
    const hits = await db.guardHit.findMany({ where: { programId: p.programId } });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ guard: "REVIEW_THRESHOLD", subject: m.id, details: { rewardId: large.id, amountMinor: "501" } });
  });

  it("rewards past the member's velocity limit wait for review and count a guard hit", async () => {
    const p = await program({ velocityLimitPerDay: 2 });
    const m = await member(p.programId);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await buy(p.programId, { memberId: m.id }, 1000n)).reward!.status);
    expect(statuses).toEqual(["PENDING", "PENDING", "PENDING_REVIEW"]);
    const hits = await db.guardHit.findMany({ where: { programId: p.programId } });
    expect(hits.map((h) => [h.guard, h.subject])).toEqual([["VELOCITY", m.id]]);
  });
});

describe("nothing to reward", () => {
  it("excluded items give a rejected reward that says why", async () => {
    const p = await program({ ruleSet: { base: { type: "percentage", bps: 1000 }, excludedCategories: ["tobacco"] } });
    const m = await member(p.programId);
    const { reward } = await buy(p.programId, { memberId: m.id }, 1200n, [{ sku: "CIG-20", category: "tobacco", amountMinor: 1200n, quantity: 1 }]);
    const r = await rewardOf(reward!.id);
    expect(r).toMatchObject({ status: "REJECTED", amountMinor: 0n });
    expect(r.explanation).toBe("No reward: 1 item excluded: tobacco");
    expect(await postingsOf(r.id)).toEqual([]);
    expect((await eventsOf(r.id)).at(-1)).toMatchObject({ toStatus: "REJECTED", reason: r.explanation });
  });

  it("a basket under the minimum gives a rejected reward that says why", async () => {
    const p = await program({ ruleSet: { base: { type: "percentage", bps: 1000 }, minBasketMinor: 1000n } });
    const m = await member(p.programId);
    const r = await rewardOf((await buy(p.programId, { memberId: m.id }, 999n)).reward!.id);
    expect(r.status).toBe("REJECTED");
    expect(r.explanation).toBe("No reward: basket €9.99 is under the €10.00 minimum");
  });
});

describe("the reward keeps its rule", () => {
  it("a refund after the program's rules changed reverses what was awarded, not what the new rules say", async () => {
    const p = await program({ bps: 1000, holdDays: 14 });
    const m = await member(p.programId);
    const { reward, orderId } = await buy(p.programId, { memberId: m.id }, 10_000n);
    expect(reward!.amountMinor).toBe(1000n);
    await db.program.update({ where: { id: p.programId }, data: { ruleSet: serializeRuleSet(percentageRuleSet(5000)), ruleVersion: { increment: 1 } } });

    const snapshot = (await rewardOf(reward!.id)).ruleSnapshot;
    expect(snapshot).toMatchObject({ ruleVersion: 1, ruleSet: { base: { type: "percentage", bps: 1000 } }, evaluation: { amountMinor: "1000" } });

    const refund = (refundMinor: bigint, key: string) =>
      recordRefund(db, { programId: p.programId, source: "WEBHOOK", orderId, refundMinor, refundKey: key, eventKeys: [`wh:${key}`], actor: { type: "WEBHOOK" } });
    await refund(4000n, "r1"); // 40% of the basket → 40% of the €10 awarded
    expect(await rewardOf(reward!.id)).toMatchObject({ status: "PENDING", amountMinor: 600n, reversedMinor: 400n });
    expect(await balances(m.id, p.providerId)).toEqual({ pending: 600n, available: 0n, liability: -600n });
    await refund(6000n, "r2");
    expect(await rewardOf(reward!.id)).toMatchObject({ status: "REVERSED", amountMinor: 0n, reversedMinor: 1000n });
    expect(await postingsOf(reward!.id)).toEqual(["EARN", "REVERSE", "REVERSE"]);
    expect(await balances(m.id, p.providerId)).toEqual({ pending: 0n, available: 0n, liability: 0n });
  });
});

describe("customers who join later", () => {
  it("a purchase by someone who is not a member yet is kept and rewarded when they join", async () => {
    const p = await program({ bps: 1000, holdDays: 14 });
    const email = `later-${short()}@rewards.test`;
    const { reward, purchaseId } = await buy(p.programId, { email: email.toUpperCase() }, 2500n);
    expect(reward).toBeNull();
    expect(await db.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).toMatchObject({ memberId: null, customerEmail: email });

    const m = await member(p.programId, email);
    const purchase = await db.purchase.findUniqueOrThrow({ where: { id: purchaseId }, include: { reward: true } });
    expect(purchase.memberId).toBe(m.id);
    expect(purchase.reward).toMatchObject({ status: "PENDING", amountMinor: 250n, memberId: m.id });
    expect(await balances(m.id, p.providerId)).toMatchObject({ pending: 250n });
  });
});

describe("tenant scoping and concurrency", () => {
  it("a reviewer of another program cannot touch the reward: not found, nothing changes", async () => {
    const p = await program({ mode: "MANUAL" });
    const other = await program({ mode: "MANUAL" });
    const m = await member(p.programId);
    const { reward } = await buy(p.programId, { memberId: m.id }, 1000n);
    expect(await codeOf(reviewReward(db, { programId: other.programId, rewardId: reward!.id, decision: { action: "approve" }, actor: reviewer(other.ownerId) }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await codeOf(reviewReward(db, { programId: p.programId, rewardId: uid(), decision: { action: "approve" }, actor: reviewer(p.ownerId) }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await rewardOf(reward!.id)).status).toBe("PENDING_REVIEW");
    expect(await eventsOf(reward!.id)).toHaveLength(1);
  });

  describe("with parallel connections", () => {
    let pool: Db;
    beforeAll(() => {
      pool = createDb(process.env.DATABASE_URL!, 10);
    });
    afterAll(async () => {
      await closeDb(pool);
    });

    it("two reviewers approving the same reward at once post one earn", async () => {
      const p = await program({ mode: "MANUAL" });
      const m = await member(p.programId);
      for (let round = 0; round < 5; round++) {
        const { reward } = await buy(p.programId, { memberId: m.id }, 1000n);
        const results = await Promise.allSettled(
          [1, 2].map((n) => reviewReward(pool, { programId: p.programId, rewardId: reward!.id, decision: { action: "approve", reason: `reviewer ${n}` }, actor: reviewer(p.ownerId) })),
        );
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(failed?.reason).toBeInstanceOf(DomainError);
        expect((failed?.reason as DomainError).code).toBe("CONFLICT");
        expect(await postingsOf(reward!.id)).toEqual(["EARN"]);
      }
      expect(await balances(m.id, p.providerId)).toEqual({ pending: 500n, available: 0n, liability: -500n });
    });
  });
});
