import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { registerPurchase } from "@/lib/purchases/register-purchase";
import { aMember, aProgram } from "@/tests/support/programs";
import { submitReceipt } from "./submit-receipt";

const NOW = new Date("2026-11-20T10:00:00Z");
const SALE_AT = new Date("2026-11-03T15:30:00Z");

async function png(seed: number): Promise<Blob> {
  const buffer = await sharp({ create: { width: 40, height: 60, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: (seed * 13) % 256 } } })
    .png()
    .toBuffer();
  return new Blob([new Uint8Array(buffer)], { type: "image/png" });
}

beforeAll(async () => {
  process.env.UPLOAD_DIR = await mkdtemp(path.join(tmpdir(), "boomerang-receipts-same-"));
});

async function tillSale(amountMinor: bigint, receiptId: string) {
  const shop = await aProgram({ cashbackBps: 1000 });
  const member = await aMember(shop.programId);
  const owner = await db.staffMember.findFirstOrThrow({ where: { providerId: shop.providerId }, select: { userId: true } });
  const sale = await registerPurchase(db, { providerId: shop.providerId, cashierUserId: owner.userId, memberCode: member.code, amountMinor, receiptId, now: SALE_AT });
  return { shop, member, sale };
}

const rewardOf = (purchaseId: string) => db.reward.findUniqueOrThrow({ where: { purchaseId }, select: { status: true, events: { select: { toStatus: true, reason: true }, orderBy: { id: "asc" } } } });
const hits = (programId: string) => db.guardHit.findMany({ where: { programId, guard: "RECEIPT_REPLAY" } });

describe("a receipt for a purchase already rewarded", () => {
  it("a receipt matching a till sale already rewarded (same member, amount and day) is flagged to the reviewer: Held, with the reason and a guard hit", async () => {
    const { shop, member, sale } = await tillSale(4210n, "T-1001");
    expect(sale.status).toBe("PENDING");
    const receipt = await submitReceipt(db, { userId: member.userId, programId: shop.programId, amount: "42.10", purchasedOn: "2026-11-04", image: await png(1), now: NOW });
    const reward = await rewardOf(receipt.purchaseId);
    expect(reward.status).toBe("HELD");
    expect(reward.events.at(-1)?.reason).toContain("Possible duplicate");
    expect(reward.events.at(-1)?.reason).toContain("till sale T-1001");
    expect(await hits(shop.programId)).toEqual([expect.objectContaining({ subject: member.memberId, details: expect.objectContaining({ matchedPurchaseId: sale.purchaseId }) })]);
    expect((await db.purchase.findUniqueOrThrow({ where: { id: receipt.purchaseId } })).duplicateOfId).toBe(sale.purchaseId);
  });

  it("a receipt whose number is the till's receipt id is flagged whatever amount it claims; an unrelated receipt waits for review unflagged", async () => {
    const { shop, member, sale } = await tillSale(4210n, "T-2002");
    const byNumber = await submitReceipt(db, {
      userId: member.userId,
      programId: shop.programId,
      amount: "99.00",
      purchasedOn: "2026-11-10",
      receiptNumber: "T-2002",
      image: await png(2),
      now: NOW,
    });
    expect((await rewardOf(byNumber.purchaseId)).status).toBe("HELD");
    expect((await db.purchase.findUniqueOrThrow({ where: { id: byNumber.purchaseId } })).duplicateOfId).toBe(sale.purchaseId);

    const unrelated = await submitReceipt(db, { userId: member.userId, programId: shop.programId, amount: "42.10", purchasedOn: "2026-11-12", image: await png(3), now: NOW });
    expect((await rewardOf(unrelated.purchaseId)).status).toBe("PENDING_REVIEW");
    expect(await hits(shop.programId)).toHaveLength(1);
  });

  it("in a points program, a receipt of 42 (whole units, PTS) matches the shop order of €42.10 (4210 EUR cents) already rewarded: flagged, the reason in euros", async () => {
    const shop = await aProgram({ cashbackBps: 100 });
    await db.program.update({ where: { id: shop.programId }, data: { currency: "PTS" } });
    const member = await aMember(shop.programId);
    const order = await recordPurchase(db, { programId: shop.programId, source: "WEBHOOK", orderId: "W-4210", origin: {}, amountMinor: 4210n, currency: "EUR", customer: { memberId: member.memberId }, occurredAt: SALE_AT, actor: { type: "SYSTEM" }, now: SALE_AT });
    if (order.status !== "accepted") throw new Error("expected the order to be recorded");
    const receipt = await submitReceipt(db, { userId: member.userId, programId: shop.programId, amount: "42", purchasedOn: "2026-11-04", image: await png(4), now: NOW });
    const reward = await rewardOf(receipt.purchaseId);
    expect(reward.status).toBe("HELD");
    expect(reward.events.at(-1)?.reason).toContain("online order W-4210 of €42.10");
    expect((await db.purchase.findUniqueOrThrow({ where: { id: receipt.purchaseId } })).duplicateOfId).toBe(order.purchaseId);
  });
});
