import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { balance, memberAccount, providerAccount, reconcile } from "@/lib/ledger";
import { aFundedMember, aSpendingProgram } from "@/tests/support/redemption-api";
import { refusal } from "@/tests/support/refusal";
import { decideAdjustment, requestAdjustment } from "./adjust-member-balance";

async function admin() {
  return db.user.create({ data: { email: `adm-${Math.random().toString(36).slice(2)}@example.test`, passwordHash: "x", isAdmin: true } });
}

afterEach(() => {
  delete process.env.ADMIN_ADJUSTMENT_APPROVAL_ABOVE_MINOR;
});

describe("goodwill adjustments", () => {
  it("a credit or debit at or below the threshold is posted at once against the provider's liability, balanced and reconciled", async () => {
    process.env.ADMIN_ADJUSTMENT_APPROVAL_ABOVE_MINOR = "2000";
    const shop = await aSpendingProgram();
    const member = await aFundedMember(shop.programId, 500n);
    const a = await admin();
    const available = () => balance(db, memberAccount(member.memberId, "MEMBER_AVAILABLE", "EUR"));
    const liability = () => balance(db, providerAccount(shop.providerId, "PROVIDER_LIABILITY", "EUR"));
    const liabilityBefore = await liability();

    const credit = await requestAdjustment(db, { memberId: member.memberId, direction: "CREDIT", amountMinor: 1_000n, reason: "Late delivery", adminUserId: a.id });
    expect(credit).toMatchObject({ status: "POSTED", transactionId: expect.any(String) });
    expect(await available()).toBe(1_500n);
    expect(await liability()).toBe(liabilityBefore - 1_000n);

    await requestAdjustment(db, { memberId: member.memberId, direction: "DEBIT", amountMinor: 300n, reason: "Double credit", adminUserId: a.id });
    expect(await available()).toBe(1_200n);
    const tx = await db.ledgerTransaction.findUniqueOrThrow({ where: { id: BigInt(credit.transactionId ?? "0") }, include: { entries: true } });
    expect(tx.kind).toBe("ADJUSTMENT");
    expect(tx.entries.reduce((s, e) => s + e.amount, 0n)).toBe(0n);

    const tooMuch = await refusal(requestAdjustment(db, { memberId: member.memberId, direction: "DEBIT", amountMinor: 1_201n, reason: "too much", adminUserId: a.id }));
    expect(tooMuch.code).toBe("UNPROCESSABLE");
    expect(await available()).toBe(1_200n);
    expect(await db.adminAdjustment.count({ where: { memberId: member.memberId } })).toBe(2);
    expect((await reconcile(db)).ok).toBe(true);
  });

  it("above the threshold it waits for a second admin: the requester cannot approve it, another admin can", async () => {
    process.env.ADMIN_ADJUSTMENT_APPROVAL_ABOVE_MINOR = "1000";
    const shop = await aSpendingProgram();
    const member = await aFundedMember(shop.programId, 0n);
    const [first, second] = [await admin(), await admin()];
    const available = () => balance(db, memberAccount(member.memberId, "MEMBER_AVAILABLE", "EUR"));

    const asked = await requestAdjustment(db, { memberId: member.memberId, direction: "CREDIT", amountMinor: 1_001n, reason: "Big goodwill", adminUserId: first.id });
    expect(asked).toMatchObject({ status: "PENDING_APPROVAL", transactionId: null });
    expect(await available()).toBe(0n);

    const self = await refusal(decideAdjustment(db, { adjustmentId: asked.id, decision: "approve", adminUserId: first.id, reason: "me" }));
    expect(self.code).toBe("FORBIDDEN");
    expect(await available()).toBe(0n);

    expect(await decideAdjustment(db, { adjustmentId: asked.id, decision: "approve", adminUserId: second.id, reason: "Checked the ticket" })).toMatchObject({ status: "POSTED" });
    expect(await available()).toBe(1_001n);
    expect((await refusal(decideAdjustment(db, { adjustmentId: asked.id, decision: "approve", adminUserId: second.id, reason: "again" }))).code).toBe("CONFLICT");
    expect(await available()).toBe(1_001n);

    const actions = await db.auditLog.findMany({ where: { targetId: member.memberId }, orderBy: { id: "asc" } });
    expect(actions.map((x) => [x.action, x.actorId, x.reason])).toEqual([
      ["adjustment.request", first.id, "Big goodwill"],
      ["adjustment.approve", second.id, "Checked the ticket"],
    ]);
    expect((await reconcile(db)).ok).toBe(true);
  });
});
