import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { balance, memberAccount } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "./record-purchase";
import { recordRefund } from "./record-refund";

const short = () => randomUUID().slice(0, 8);
const actor = { type: "WEBHOOK" as const, id: "test" };

async function setup() {
  const owner = await db.user.create({ data: { email: `o-${short()}@early.test`, passwordHash: "x" } });
  const { programId } = await createProvider(db, { name: "Shop", slug: `s-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
  const user = await db.user.create({ data: { email: `m-${short()}@early.test`, passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId });
  return { programId, memberId: member.id };
}

const paid = (programId: string, memberId: string, orderId: string) =>
  recordPurchase(db, { programId, source: "WEBHOOK", orderId, origin: {}, amountMinor: 10_000n, currency: "EUR", customer: { memberId }, actor, eventKeys: [`order:${orderId}:order.paid`] });
const refunded = (programId: string, orderId: string, refundMinor: bigint) =>
  recordRefund(db, { programId, source: "WEBHOOK", orderId, refundMinor, refundKey: `r-${orderId}`, eventKeys: [`order:${orderId}:order.refunded`], actor });

describe("a refund that arrives before its order", () => {
  it("is kept and applied when the order arrives: the reward is on what was kept", async () => {
    const { programId, memberId } = await setup();
    expect(await refunded(programId, "o-1", 4_000n)).toEqual({ status: "accepted", found: false });
    await paid(programId, memberId, "o-1");
    const purchase = await db.purchase.findFirstOrThrow({ where: { programId, orderId: "o-1" }, include: { reward: true } });
    expect(purchase.refundedMinor).toBe(4_000n);
    expect(purchase.reward?.amountMinor).toBe(600n); // 10% of the €60 kept
    expect(await db.earlyRefund.count()).toBe(0);
  });

  it("converges whichever of the two commits first, under concurrency", async () => {
    const { programId, memberId } = await setup();
    const orders = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    await Promise.all(orders.flatMap((o) => [paid(programId, memberId, o), refunded(programId, o, 10_000n)]));
    // Every order fully refunded: nothing may stay pending, whatever the order of arrival.
    expect(await balance(db, memberAccount(memberId, "MEMBER_PENDING", "EUR"))).toBe(0n);
    expect(await db.purchase.count({ where: { programId, refundedMinor: 10_000n } })).toBe(20);
    expect(await db.earlyRefund.count()).toBe(0);
  });
});
