import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, db, type Db } from "@/lib/db/client";
import { aMember, aProgram } from "@/tests/support/programs";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { releaseDueRewards } from "./release-due-rewards";

// Two workers (or the job and a CLI run) releasing at once, over rewards that share members: with accounts
// locked reward by reward, batches taking members in opposite orders deadlocked (40P01) and one run failed.

let workerA: Db;
let workerB: Db;
beforeAll(() => {
  workerA = createDb(process.env.DATABASE_URL!, 4);
  workerB = createDb(process.env.DATABASE_URL!, 4);
});
afterAll(async () => {
  await Promise.all([closeDb(workerA), closeDb(workerB)]);
});

describe("releasing due rewards from several workers at once", () => {
  it("releases every due reward exactly once, without a deadlock, when concurrent batches take shared members in opposite orders", async () => {
    const { programId } = await aProgram({ cashbackBps: 500, holdDays: 14 });
    const members = await Promise.all(Array.from({ length: 12 }, () => aMember(programId)));
    // Rounds alternate the member order, so consecutive batches (by available_at) cross each other.
    let n = 0;
    for (let round = 0; round < 10; round++) {
      const order = round % 2 === 0 ? members : [...members].reverse();
      for (const member of order) {
        await recordPurchase(db, { programId, source: "WEBHOOK", orderId: `o-${n++}`, origin: {}, amountMinor: 2000n, currency: "EUR", customer: { memberId: member.memberId }, actor: { type: "SYSTEM" } });
      }
    }
    const later = new Date(Date.now() + 15 * 24 * 60 * 60 * 1000);
    const runs = await Promise.all([
      releaseDueRewards(workerA, { now: later, batchSize: 5 }),
      releaseDueRewards(workerB, { now: later, batchSize: 7 }),
      releaseDueRewards(workerA, { now: later, batchSize: 11 }),
      releaseDueRewards(workerB, { now: later, batchSize: 3 }),
    ]);
    expect(runs.reduce((sum, r) => sum + r.released, 0)).toBe(n);
    expect(await db.reward.count({ where: { programId, status: "AVAILABLE" } })).toBe(n);
    const releases = await db.ledgerTransaction.count({ where: { kind: "RELEASE", referenceType: "reward", idempotencyKey: { endsWith: ":release" } } });
    expect(releases).toBe(n);
    const events = await db.rewardEvent.count({ where: { reward: { programId }, toStatus: "AVAILABLE" } });
    expect(events).toBe(n);
    for (const member of members) {
      const available = await db.ledgerAccount.findFirstOrThrow({ where: { ownerType: "MEMBER", ownerId: member.memberId, kind: "MEMBER_AVAILABLE" } });
      expect(available.balance).toBe(1000n);
    }
  });
});
