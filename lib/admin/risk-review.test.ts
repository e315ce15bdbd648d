import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { recordGuardHit } from "@/lib/guards/record-guard-hit";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { aMember, aProgram } from "@/tests/support/programs";
import { listRiskReview } from "./list-risk-review";

describe("risk review", () => {
  it("lists guard hits per program and rewards waiting for review across businesses", async () => {
    const shop = await aProgram({ processingMode: "MANUAL" });
    const member = await aMember(shop.programId);
    const orderId = `risk-${randomUUID().slice(0, 8)}`;
    await recordPurchase(db, { programId: shop.programId, source: "WEBHOOK", orderId, origin: {}, amountMinor: 9_990n, currency: "EUR", customer: { memberId: member.memberId }, actor: { type: "WEBHOOK" } });
    await recordGuardHit(db, { programId: shop.programId, guard: "VELOCITY", subject: member.memberId, details: {} });
    await recordGuardHit(db, { programId: shop.programId, guard: "VELOCITY", subject: member.memberId, details: {} });

    const review = await listRiskReview(db);
    expect(review.guardHits).toContainEqual(expect.objectContaining({ programId: shop.programId, providerId: shop.providerId, guard: "VELOCITY", hits: 2 }));
    expect(review.heldRewards).toContainEqual(expect.objectContaining({ providerId: shop.providerId, status: "PENDING_REVIEW", amountMinor: 999n, currency: "EUR", orderId }));
  });
});
