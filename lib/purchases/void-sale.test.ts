import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { balance, memberAccount, providerAccount, reconcile } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { addStaff } from "@/lib/providers/add-staff";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { LIMITS } from "@/tests/support/withdrawals";
import { refusal } from "@/tests/support/refusal";
import { listRegisterSales } from "./list-register-sales";
import { registerPurchase } from "./register-purchase";
import { refundPurchaseByStaff } from "./staff-refund";
import { VOID_WINDOW_MS, voidSale } from "./void-sale";

const short = () => randomUUID().slice(0, 8);
const MINUTE = 60 * 1000;

async function user(name: string) {
  return db.user.create({ data: { email: `u-${short()}@void.test`, name, passwordHash: "x" } });
}

/** A business (10% back, the given hold) with an owner, a manager, two cashiers and a member. */
async function shop(holdDays = 14) {
  const owner = await user("Olga Owner");
  const created = await createProvider(db, { name: "Corner Shop", slug: `corner-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays });
  const staff = async (role: StaffRole, name: string) => {
    const u = await user(name);
    await addStaff(db, { providerId: created.providerId, userId: u.id, role });
    return u.id;
  };
  const managerId = await staff("MANAGER", "Mona Manager");
  const cashierId = await staff("CASHIER", "Carl Cashier");
  const otherCashierId = await staff("CASHIER", "Cleo Cashier");
  const memberUser = await user("Maya Lind");
  const member = await joinProgram(db, { userId: memberUser.id, programId: created.programId });
  return { ...created, ownerId: owner.id, managerId, cashierId, otherCashierId, member, memberUserId: memberUser.id };
}
type Shop = Awaited<ReturnType<typeof shop>>;

const balances = async (s: Shop) => ({
  pending: await balance(db, memberAccount(s.member.id, "MEMBER_PENDING", "EUR")),
  available: await balance(db, memberAccount(s.member.id, "MEMBER_AVAILABLE", "EUR")),
  held: await balance(db, memberAccount(s.member.id, "MEMBER_HELD", "EUR")),
  liability: await balance(db, providerAccount(s.providerId, "PROVIDER_LIABILITY", "EUR")),
});

const sale = (s: Shop, amountMinor: bigint, cashierUserId = s.cashierId) =>
  registerPurchase(db, { providerId: s.providerId, cashierUserId, memberCode: s.member.code, amountMinor, receiptId: `R-${short()}` });

const createdAt = async (purchaseId: string) => (await db.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { createdAt: true } })).createdAt;
const audits = (purchaseId: string) => db.auditLog.findMany({ where: { targetType: "purchase", targetId: purchaseId }, orderBy: { id: "asc" } });

async function expectReconciled() {
  const result = await reconcile(db);
  expect(result.discrepancies).toEqual([]);
}

describe("the register's void and staff refunds (docs/money-rules.md)", () => {
  it("a cashier's mistaken 100000 sale can be voided within 10 minutes and the member's cashback is reversed; after 10 minutes only a manager's refund can", async () => {
    const s = await shop();
    const before = await balances(s);
    const typo = await sale(s, 100_000n);
    expect(typo.amountMinor).toBe(10_000n);
    expect(await balances(s)).toMatchObject({ pending: before.pending + 10_000n });

    const at = await createdAt(typo.purchaseId);
    const voided = await voidSale(db, { providerId: s.providerId, purchaseId: typo.purchaseId, userId: s.cashierId, reason: "typed 100000 for 1000", requestId: randomUUID(), now: new Date(at.getTime() + 9 * MINUTE) });
    expect(voided).toMatchObject({ refundMinor: 100_000n, purchaseRefundedMinor: 100_000n, reward: { status: "REVERSED", amountMinor: 0n, recoveredMinor: 10_000n, unrecoveredMinor: 0n } });
    expect(await balances(s)).toEqual(before);
    const [entry] = await audits(typo.purchaseId);
    expect(entry).toMatchObject({
      action: "purchase.void",
      actorType: "USER",
      actorId: s.cashierId,
      providerId: s.providerId,
      reason: "typed 100000 for 1000",
      before: { refunded: "€0.00", reward: "PENDING €100.00" },
      after: { refunded: "€1,000.00", reward: "REVERSED €0.00", cashbackRecovered: "€100.00", cashbackUnrecovered: "€0.00" },
    });
    await expectReconciled();

    // Eleven minutes after another sale, the cashier's void is refused and nothing changes; the manager's refund works.
    const late = await sale(s, 5_000n);
    const lateAt = new Date((await createdAt(late.purchaseId)).getTime() + VOID_WINDOW_MS + MINUTE);
    const mid = await balances(s);
    expect(await refusal(voidSale(db, { providerId: s.providerId, purchaseId: late.purchaseId, userId: s.cashierId, reason: "oops", requestId: randomUUID(), now: lateAt }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await balances(s)).toEqual(mid);
    expect(await audits(late.purchaseId)).toEqual([]);
    expect(await refusal(refundPurchaseByStaff(db, { providerId: s.providerId, purchaseId: late.purchaseId, userId: s.cashierId, reason: "oops", requestId: randomUUID() }))).toMatchObject({ code: "FORBIDDEN" });
    const refunded = await refundPurchaseByStaff(db, { providerId: s.providerId, purchaseId: late.purchaseId, userId: s.managerId, reason: "customer returned it", requestId: randomUUID() });
    expect(refunded.reward).toMatchObject({ status: "REVERSED", amountMinor: 0n });
    expect(await balances(s)).toEqual(before);
    expect(await audits(late.purchaseId)).toMatchObject([{ action: "purchase.refund", actorId: s.managerId, reason: "customer returned it" }]);
    await expectReconciled();
  });

  it("only the cashier who registered a sale may void it, with a reason, once", async () => {
    const s = await shop();
    const sold = await sale(s, 2_000n);
    const v = (userId: string, reason = "wrong basket") => voidSale(db, { providerId: s.providerId, purchaseId: sold.purchaseId, userId, reason, requestId: randomUUID() });
    expect(await refusal(v(s.otherCashierId))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(v(s.managerId))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(v(s.cashierId, "   "))).toMatchObject({ code: "VALIDATION", field: "reason" });
    const outsider = await user("Nobody");
    expect(await refusal(v(outsider.id))).toMatchObject({ code: "NOT_FOUND" });
    expect(await audits(sold.purchaseId)).toEqual([]);

    await v(s.cashierId);
    const after = await balances(s);
    expect(await refusal(v(s.cashierId))).toMatchObject({ code: "CONFLICT", message: "This sale was already voided." });
    expect(await balances(s)).toEqual(after);
    expect(await audits(sold.purchaseId)).toHaveLength(1);
    await expectReconciled();
  });

  it("two voids of the same sale at once: one voids it, the other is refused, and the cashback is taken back once", async () => {
    const s = await shop();
    const sold = await sale(s, 3_000n);
    const before = await balances(s);
    const both = await Promise.allSettled([0, 1].map(() => voidSale(db, { providerId: s.providerId, purchaseId: sold.purchaseId, userId: s.cashierId, reason: "double tap", requestId: randomUUID() })));
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(both.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(await balances(s)).toMatchObject({ pending: before.pending - 300n });
    expect(await audits(sold.purchaseId)).toHaveLength(1);
    await expectReconciled();
  });

  it("a void after the member withdrew the cashback takes their available balance to zero, never below, and records the rest as unrecovered", async () => {
    const s = await shop(0);
    const sold = await sale(s, 100_000n);
    expect(sold.status).toBe("AVAILABLE");
    const account = await db.linkedAccount.create({
      data: { userId: s.memberUserId, plaidItemId: `item-${short()}`, accessTokenEnc: encryptSecret("access-sandbox-test"), plaidAccountId: "acc-1", institutionName: "First Platypus Bank", mask: "0000", linkedAt: new Date(Date.now() - 100 * 60 * MINUTE) },
    });
    await requestWithdrawal(db, { userId: s.memberUserId, memberId: s.member.id, linkedAccountId: account.id, amountMinor: 6_000n, limits: LIMITS });
    expect(await balances(s)).toMatchObject({ available: 4_000n, held: 6_000n });

    const voided = await voidSale(db, { providerId: s.providerId, purchaseId: sold.purchaseId, userId: s.cashierId, reason: "typed 100000 for 1000", requestId: randomUUID() });
    expect(voided.reward).toMatchObject({ status: "REVERSED", amountMinor: 0n, recoveredMinor: 4_000n, unrecoveredMinor: 6_000n });
    expect(await balances(s)).toMatchObject({ available: 0n, held: 6_000n });
    expect(await db.reward.findUniqueOrThrow({ where: { id: sold.rewardId } })).toMatchObject({ unrecoveredMinor: 6_000n, reversalDueMinor: 0n });
    await expectReconciled();
  });

  it("a manager's partial refund of a webhook order keeps the reward's share of the basket kept; more than is left is refused", async () => {
    const s = await shop();
    const order = await recordPurchase(db, {
      programId: s.programId,
      source: "WEBHOOK",
      orderId: `o-${short()}`,
      origin: {},
      amountMinor: 6_497n,
      currency: "EUR",
      customer: { memberId: s.member.id },
      actor: { type: "WEBHOOK" },
    });
    if (order.status !== "accepted") throw new Error("expected the order to be recorded");
    const refund = (userId: string, refundMinor: bigint, requestId = randomUUID()) =>
      refundPurchaseByStaff(db, { providerId: s.providerId, purchaseId: order.purchaseId, userId, refundMinor, reason: "two items returned", requestId });
    const requestId = randomUUID();
    const partial = await refund(s.ownerId, 2_381n, requestId);
    // 10% of €64.97 is €6.49; after €23.81 back: 649 × 4116 ÷ 6497 = 411.1… → €4.11.
    expect(partial.reward).toMatchObject({ status: "PENDING", amountMinor: 411n, recoveredMinor: 238n });
    expect(await refund(s.ownerId, 2_381n, requestId)).toMatchObject({ duplicate: true, purchaseRefundedMinor: 2_381n });
    expect(await refusal(refund(s.managerId, 4_117n))).toMatchObject({ code: "UNPROCESSABLE", field: "refundMinor" });
    const rest = await refund(s.managerId, 4_116n);
    expect(rest).toMatchObject({ purchaseRefundedMinor: 6_497n, reward: { status: "REVERSED", amountMinor: 0n } });
    expect(await refusal(refund(s.managerId, 1n))).toMatchObject({ code: "CONFLICT" });
    expect(await balances(s)).toMatchObject({ pending: 0n, liability: 0n });
    expect(await audits(order.purchaseId)).toHaveLength(2);
    await expectReconciled();
  });

  it("a refund is refused to staff of another business as if the purchase did not exist", async () => {
    const s = await shop();
    const other = await shop();
    const sold = await sale(s, 1_000n);
    expect(await refusal(refundPurchaseByStaff(db, { providerId: other.providerId, purchaseId: sold.purchaseId, userId: other.ownerId, reason: "x", requestId: randomUUID() }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusal(voidSale(db, { providerId: other.providerId, purchaseId: sold.purchaseId, userId: other.cashierId, reason: "x", requestId: randomUUID() }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("the register lists this cashier's sales of today, newest first, voidable for 10 minutes", async () => {
    const s = await shop();
    const first = await sale(s, 1_000n);
    const second = await registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: s.member.code, amountMinor: 2_000n, receiptId: "T-42" });
    await sale(s, 3_000n, s.otherCashierId);
    await voidSale(db, { providerId: s.providerId, purchaseId: first.purchaseId, userId: s.cashierId, reason: "wrong member", requestId: randomUUID() });
    const now = new Date((await createdAt(second.purchaseId)).getTime() + MINUTE);
    const sales = await listRegisterSales(db, { providerId: s.providerId, cashierUserId: s.cashierId, now });
    expect(sales.map((x) => x.purchaseId)).toEqual([second.purchaseId, first.purchaseId]);
    expect(sales[0]).toMatchObject({ receiptRef: "T-42", amountMinor: 2_000n, memberFirstName: "Maya", reward: { status: "PENDING", amountMinor: 200n } });
    expect(sales[0]?.voidableUntil).not.toBeNull();
    expect(sales[1]).toMatchObject({ refundedMinor: 1_000n, voidableUntil: null, reward: { status: "REVERSED" } });
  });
});
