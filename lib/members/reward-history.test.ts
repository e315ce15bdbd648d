import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { joinProgram } from "./join-program";
import { listHistory } from "./list-history";

const short = () => randomUUID().slice(0, 8);

describe("history of rewards", () => {
  it("shows a reversed reward at the amount it was (struck out by the screen), and says the refund in money", async () => {
    const owner = await db.user.create({ data: { email: `o-${short()}@h.test`, passwordHash: "x" } });
    const shop = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 500, holdDays: 14 });
    const user = await db.user.create({ data: { email: `m-${short()}@h.test`, passwordHash: "x" } });
    const member = await joinProgram(db, { userId: user.id, programId: shop.programId });
    const orderId = `o-${short()}`;
    await recordPurchase(db, { programId: shop.programId, source: "WEBHOOK", orderId, origin: {}, amountMinor: 5_490n, currency: "EUR", customer: { memberId: member.id }, actor: { type: "WEBHOOK" } });
    await recordRefund(db, { programId: shop.programId, source: "WEBHOOK", orderId, refundMinor: 5_490n, refundKey: "r1", eventKeys: [`refund:${orderId}`], actor: { type: "WEBHOOK" } });

    const [line] = (await listHistory(user.id)).lines;
    expect(line).toMatchObject({ type: "reward", status: "REVERSED", amountMinor: "274" });
    const event = await db.rewardEvent.findFirstOrThrow({ where: { toStatus: "REVERSED", reward: { memberId: member.id } } });
    expect(event.reason).toBe("order refunded (€54.90 of €54.90)");
  });
});
