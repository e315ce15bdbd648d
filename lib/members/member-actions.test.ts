import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as eventsPOST } from "@/app/api/v1/programs/[programId]/events/route";
import { createActionBuilders } from "@/lib/actions/safe-action";
import type { Roles } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { balance, memberAccount, providerAccount, reconcile } from "@/lib/ledger";
import { updateProgramRules } from "@/lib/programs/update-program-rules";
import { addStaff } from "@/lib/providers/add-staff";
import { createUser } from "@/lib/users/create-user";
import { aMember, aShop, moneyState, uniqueId } from "@/tests/support/programs";
import { createMemberActions } from "./member-actions";

type Shop = Awaited<ReturnType<typeof aShop>>;

const as = (id: string, roles: Roles): SessionUser => ({ id, email: `${id}@example.test`, name: null, roles });
const actionsAs = (user: SessionUser) => createMemberActions(createActionBuilders(async () => user));

async function staffOf(shop: Shop, role: "MANAGER" | "CASHIER") {
  const user = await createUser(db, { email: `${role.toLowerCase()}-${uniqueId()}@shop.test`, password: "correct horse battery staple" });
  await addStaff(db, { providerId: shop.providerId, userId: user.id, role });
  return as(user.id, { admin: false, staff: [{ providerId: shop.providerId, role }] });
}

async function ownerOf(shop: Shop) {
  const owner = await db.staffMember.findFirstOrThrow({ where: { providerId: shop.providerId, role: "OWNER" }, select: { userId: true } });
  return as(owner.userId, { admin: false, staff: [{ providerId: shop.providerId, role: "OWNER" }] });
}

async function signedEvent(shop: Shop, email: string, amount = 10_000) {
  const payload = JSON.stringify({ type: "order.paid", data: { orderId: `order-${uniqueId()}`, amount, currency: "EUR", customer: { email } } });
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  const headers = new Headers({ "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(shop.secret).sign(id, at, payload), "x-forwarded-for": "192.0.2.71" });
  const res = await eventsPOST(new NextRequest(`http://localhost/api/v1/programs/${shop.programId}/events`, { method: "POST", body: payload, headers }), { params: Promise.resolve({ programId: shop.programId }) });
  expect(res.status).toBe(202);
}

const available = (memberId: string) => balance(db, memberAccount(memberId, "MEMBER_AVAILABLE", "EUR"));

describe("a member's page actions check the role and the tenant on the server", () => {
  let shop: Shop;
  let otherShop: Shop;
  let member: Awaited<ReturnType<typeof aMember>>;
  beforeAll(async () => {
    shop = await aShop({ cashbackBps: 500, holdDays: 0 });
    otherShop = await aShop();
    member = await aMember(shop.programId);
  });

  it("a cashier and a manager may not give goodwill or block; a cashier may not set a segment; nothing changes", async () => {
    const before = await moneyState();
    const audit = await db.auditLog.count();
    for (const user of [await staffOf(shop, "CASHIER"), await staffOf(shop, "MANAGER")]) {
      const a = actionsAs(user);
      expect(await a.giveGoodwill({ providerId: shop.providerId, memberId: member.memberId, direction: "CREDIT", amount: "5.00", reason: "Sorry" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(await a.setEarningBlock({ providerId: shop.providerId, memberId: member.memberId, blocked: "true", reason: "No" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    }
    const cashier = actionsAs(await staffOf(shop, "CASHIER"));
    expect(await cashier.setSegment({ providerId: shop.providerId, memberId: member.memberId, segment: "VIP", tier: "" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await moneyState()).toEqual(before);
    expect(await db.auditLog.count()).toBe(audit);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.memberId }, select: { segment: true, earningBlockedAt: true } })).toEqual({ segment: null, earningBlockedAt: null });
  });

  it("the owner of another business is refused: with its own id the member is not found, with this one's id it is not theirs", async () => {
    const otherOwner = await ownerOf(otherShop);
    const a = actionsAs(otherOwner);
    const before = await moneyState();
    for (const providerId of [otherShop.providerId, shop.providerId]) {
      const code = "NOT_FOUND";
      expect(await a.giveGoodwill({ providerId, memberId: member.memberId, direction: "CREDIT", amount: "5.00", reason: "Sorry" })).toMatchObject({ ok: false, error: { code } });
      expect(await a.setEarningBlock({ providerId, memberId: member.memberId, blocked: "true", reason: "No" })).toMatchObject({ ok: false, error: { code } });
      expect(await a.setSegment({ providerId, memberId: member.memberId, segment: "VIP", tier: "" })).toMatchObject({ ok: false, error: { code } });
    }
    // A member of another program of the platform, not only another business's id, is refused too.
    const stranger = await aMember(otherShop.programId);
    const owner = actionsAs(await ownerOf(shop));
    expect(await owner.giveGoodwill({ providerId: shop.providerId, memberId: stranger.memberId, direction: "CREDIT", amount: "5.00", reason: "Sorry" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await owner.setEarningBlock({ providerId: shop.providerId, memberId: stranger.memberId, blocked: "true", reason: "No" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await owner.setSegment({ providerId: shop.providerId, memberId: stranger.memberId, segment: "VIP", tier: "" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await moneyState()).toEqual(before);
  });
});

describe("the owner's goodwill credit and debit", () => {
  it("moves the member's available balance against the business's liability, audit-logged; a debit cannot exceed what is available; the ledger reconciles", async () => {
    const shop = await aShop({ cashbackBps: 500, holdDays: 0 });
    const member = await aMember(shop.programId);
    await signedEvent(shop, member.email); // €5.00 available
    const owner = actionsAs(await ownerOf(shop));
    const liability = () => balance(db, providerAccount(shop.providerId, "PROVIDER_LIABILITY", "EUR"));
    const liabilityBefore = await liability();
    expect(await available(member.memberId)).toBe(500n);

    expect(await owner.giveGoodwill({ providerId: shop.providerId, memberId: member.memberId, direction: "CREDIT", amount: "12.50", reason: "" })).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "reason" } });
    expect(await owner.giveGoodwill({ providerId: shop.providerId, memberId: member.memberId, direction: "CREDIT", amount: "-3", reason: "x" })).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "amount" } });
    // Far above the platform admins' second-approval threshold: the owner's own liability, posted at once.
    const credit = await owner.giveGoodwill({ providerId: shop.providerId, memberId: member.memberId, direction: "CREDIT", amount: "120.00", reason: "Coffee machine broke" });
    expect(credit).toMatchObject({ ok: true, data: { status: "POSTED", transactionId: expect.any(String) } });
    expect(await available(member.memberId)).toBe(12_500n);
    // Liability accounts hold what the business owes with the sign the ledger gives them: the credit moved it by the amount.
    expect((await liability()) - liabilityBefore).toBe(-12_000n);

    const tooMuch = await owner.giveGoodwill({ providerId: shop.providerId, memberId: member.memberId, direction: "DEBIT", amount: "125.01", reason: "Mistake" });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: "UNPROCESSABLE", field: "amount" } });
    expect(await available(member.memberId)).toBe(12_500n);
    expect(await db.adminAdjustment.count({ where: { memberId: member.memberId } })).toBe(1);

    expect(await owner.giveGoodwill({ providerId: shop.providerId, memberId: member.memberId, direction: "DEBIT", amount: "125.00", reason: "Typed the wrong amount" })).toMatchObject({ ok: true, data: { status: "POSTED" } });
    expect(await available(member.memberId)).toBe(0n);
    expect(await liability()).toBe(liabilityBefore + 500n);

    const rows = await db.adminAdjustment.findMany({ where: { memberId: member.memberId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.origin, r.direction, r.amountMinor, r.status])).toEqual([
      ["PROVIDER", "CREDIT", 12_000n, "POSTED"],
      ["PROVIDER", "DEBIT", 12_500n, "POSTED"],
    ]);
    const tx = await db.ledgerTransaction.findFirstOrThrow({ where: { referenceType: "adjustment", referenceId: rows[0]!.id }, select: { kind: true } });
    expect(tx.kind).toBe("ADJUSTMENT");
    const audit = await db.auditLog.findMany({ where: { targetId: member.memberId, action: "member.goodwill" }, orderBy: { id: "asc" }, select: { reason: true, providerId: true } });
    expect(audit).toEqual([
      { reason: "Coffee machine broke", providerId: shop.providerId },
      { reason: "Typed the wrong amount", providerId: shop.providerId },
    ]);
    const result = await reconcile(db);
    expect(result.ok, JSON.stringify(result.discrepancies)).toBe(true);
  });
});

describe("a segment set on a member is what segment campaigns match", () => {
  it("the VIP campaign pays its rate once the manager puts the member in the VIP segment, and not after it is cleared", async () => {
    const shop = await aShop({ cashbackBps: 500, holdDays: 0 });
    const member = await aMember(shop.programId);
    const owner = await ownerOf(shop);
    await updateProgramRules(db, {
      providerId: shop.providerId,
      programId: shop.programId,
      expectedVersion: (await db.program.findUniqueOrThrow({ where: { id: shop.programId } })).ruleVersion,
      ruleSet: {
        base: { type: "percentage", bps: 500 },
        campaigns: [{ name: "VIP week", startsAt: "2020-01-01T00:00:00Z", endsAt: "2099-01-01T00:00:00Z", rule: { type: "percentage", bps: 2000 }, segments: ["VIP"], tiers: ["Gold"] }],
      },
      actor: { userId: owner.id },
    });
    const manager = actionsAs(await staffOf(shop, "MANAGER"));
    expect(await manager.setSegment({ providerId: shop.providerId, memberId: member.memberId, segment: "  VIP ", tier: "Gold", reason: "Top customer" })).toMatchObject({ ok: true, data: { segment: "VIP", tier: "Gold" } });
    await signedEvent(shop, member.email);
    expect(await manager.setSegment({ providerId: shop.providerId, memberId: member.memberId, segment: "", tier: "" })).toMatchObject({ ok: true, data: { segment: null, tier: null } });
    await signedEvent(shop, member.email);
    const rewards = await db.reward.findMany({ where: { memberId: member.memberId }, orderBy: { createdAt: "asc" }, select: { amountMinor: true, explanation: true } });
    expect(rewards.map((r) => r.amountMinor)).toEqual([2_000n, 500n]);
    expect(rewards[0]!.explanation).toContain("VIP week");
    const audit = await db.auditLog.findMany({ where: { targetId: member.memberId, action: "member.segment.update" }, orderBy: { id: "asc" }, select: { before: true, after: true, reason: true } });
    expect(audit).toEqual([
      { before: { segment: null, tier: null }, after: { segment: "VIP", tier: "Gold" }, reason: "Top customer" },
      { before: { segment: "VIP", tier: "Gold" }, after: { segment: null, tier: null }, reason: null },
    ]);
  });
});
