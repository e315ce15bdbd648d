import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { accrueCommissions } from "@/lib/billing/accrue-commissions";
import { db } from "@/lib/db/client";
import { balance, capture, hold, memberBalances, providerAccount, reconcile } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { warnExpiringCashback } from "@/lib/notifications/warn-expiring-cashback";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { expirableAmounts, expireCashback, monthsBefore } from "./expire-cashback";

const DAY = 24 * 60 * 60 * 1000;
const short = () => randomUUID().slice(0, 8);

async function shop(expiryMonths: number | null) {
  const owner = await db.user.create({ data: { email: `o-${short()}@x.test`, passwordHash: "x" } });
  const p = await createProvider(db, { name: "Shop", slug: `s-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 0 });
  await db.program.update({ where: { id: p.programId }, data: { expiryMonths } });
  // As if expiry had always been set: turning it on starts the clock for existing cashback (tested below).
  await db.program.update({ where: { id: p.programId }, data: { expiryClockFrom: null } });
  const user = await db.user.create({ data: { email: `m-${short()}@x.test`, passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId: p.programId });
  return { ...p, memberId: member.id, userId: user.id };
}

/** Cashback of 10 % of `basket`, available at once, then back-dated as if it became available `daysAgo` days ago. */
async function cashback(s: { programId: string; memberId: string }, basket: bigint, daysAgo = 0) {
  const orderId = `o-${short()}`;
  const r = await recordPurchase(db, { programId: s.programId, source: "WEBHOOK", orderId, origin: {}, amountMinor: basket, currency: "EUR", customer: { memberId: s.memberId }, actor: { type: "WEBHOOK" } });
  expect(r.status === "accepted" && r.reward?.status).toBe("AVAILABLE");
  const at = new Date(Date.now() - daysAgo * DAY);
  const purchase = await db.purchase.findUniqueOrThrow({ where: { programId_source_orderId: { programId: s.programId, source: "WEBHOOK", orderId } } });
  const reward = await db.reward.update({ where: { purchaseId: purchase.id }, data: { availableAt: at, createdAt: at } });
  return { orderId, rewardId: reward.id };
}

async function spend(s: { providerId: string; memberId: string }, amount: bigint) {
  const h = await hold(db, { idempotencyKey: `t:${short()}`, memberId: s.memberId, currency: "EUR", amount });
  await capture(db, { holdId: h.id, idempotencyKey: `t:${short()}`, to: providerAccount(s.providerId, "PROVIDER_LIABILITY", "EUR") });
}

const available = async (memberId: string) => (await memberBalances(db, [memberId])).get(memberId)?.available;
const liability = (providerId: string) => balance(db, providerAccount(providerId, "PROVIDER_LIABILITY", "EUR"));

describe("cashback expiry", () => {
  it("expires what is older than the period, oldest spent first, and returns it to the provider", async () => {
    const s = await shop(12);
    const old = await cashback(s, 10_000n, 400); // €10.00 available 400 days ago: past 12 months
    await cashback(s, 5_000n); // €5.00 available now
    await spend(s, 300n); // €3.00 spent at the till: it came out of the oldest cashback.
    expect(await available(s.memberId)).toBe(1_200n);

    const [due] = await expirableAmounts(db, { programId: s.programId, cutoff: monthsBefore(new Date(), 12) });
    expect(due?.amountMinor).toBe(700n);
    const liabilityBefore = await liability(s.providerId);
    const run = await expireCashback(db);
    expect(run.members).toBeGreaterThanOrEqual(1);
    expect(await available(s.memberId)).toBe(500n);
    expect((await liability(s.providerId)) - liabilityBefore).toBe(700n);
    // Per reward: the old one is EXPIRED; what was spent of it stands.
    expect(await db.reward.findUniqueOrThrow({ where: { id: old.rewardId } })).toMatchObject({ status: "EXPIRED", amountMinor: 300n, expiredMinor: 700n });

    // Running again the same day, or the next, expires nothing more until the fresh cashback is old too.
    await expireCashback(db);
    await expireCashback(db, { now: new Date(Date.now() + DAY) });
    expect(await available(s.memberId)).toBe(500n);
    await expireCashback(db, { now: new Date(Date.now() + 366 * DAY) });
    expect(await available(s.memberId)).toBe(0n);
    expect((await reconcile(db)).discrepancies).toEqual([]);
  });

  it("leaves programs without expiry and cashback still inside the period alone", async () => {
    const never = await shop(null);
    await cashback(never, 10_000n, 4_000);
    const yearly = await shop(12);
    await cashback(yearly, 10_000n, 300);
    await expireCashback(db);
    expect(await available(never.memberId)).toBe(1_000n);
    expect(await available(yearly.memberId)).toBe(1_000n);
  });

  it("a refund after expiry takes nothing back twice: expired cashback is not reversed again, and its commission is credited back", async () => {
    const s = await shop(12);
    const old = await cashback(s, 10_000n, 400); // €10.00, expires
    await cashback(s, 20_000n); // €20.00, fresh
    await accrueCommissions(db); // 5 % of €30.00 = €1.50
    expect(await balance(db, providerAccount(s.providerId, "PROVIDER_FEES_OWED", "EUR"))).toBe(-150n);
    await expireCashback(db);
    expect(await available(s.memberId)).toBe(2_000n);
    const liabilityAfterExpiry = await liability(s.providerId);

    // The expired order is refunded: the €10.00 already went back to the business; the fresh €20.00 is untouched.
    await recordRefund(db, { programId: s.programId, source: "WEBHOOK", orderId: old.orderId, refundMinor: 10_000n, refundKey: "r", eventKeys: ["r"], actor: { type: "WEBHOOK" } });
    expect(await available(s.memberId)).toBe(2_000n);
    expect(await liability(s.providerId)).toBe(liabilityAfterExpiry);
    expect(await db.reward.findUniqueOrThrow({ where: { id: old.rewardId } })).toMatchObject({ status: "EXPIRED", amountMinor: 0n, unrecoveredMinor: 0n, reversalDueMinor: 0n });

    // Commission is owed only on cashback that stands: 5 % of the €20.00.
    await accrueCommissions(db);
    expect(await balance(db, providerAccount(s.providerId, "PROVIDER_FEES_OWED", "EUR"))).toBe(-100n);
    expect((await reconcile(db)).discrepancies).toEqual([]);
  });

  it("turning expiry on or shortening it counts the period from the change for existing cashback: notice and the warning e-mail come before anything expires", async () => {
    const s = await shop(24);
    await cashback(s, 10_000n, 400); // €10.00 available 400 days ago: inside 24 months
    await expireCashback(db);
    expect(await available(s.memberId)).toBe(1_000n);

    // The business shortens expiry to 6 months: that night nothing expires.
    await db.program.update({ where: { id: s.programId }, data: { expiryMonths: 6 } });
    const changedAt = (await db.program.findUniqueOrThrow({ where: { id: s.programId } })).expiryClockFrom!;
    expect(Math.abs(changedAt.getTime() - Date.now())).toBeLessThan(60_000);
    await expireCashback(db, { now: new Date(Date.now() + DAY) });
    expect(await available(s.memberId)).toBe(1_000n);

    // The clock runs from the change: the member is warned about 14 days before the new date…
    const expires = new Date(changedAt);
    expires.setUTCMonth(expires.getUTCMonth() + 6);
    expect((await warnExpiringCashback(db, { now: new Date(expires.getTime() - 20 * DAY) })).warned).toBe(0);
    await expireCashback(db, { now: new Date(expires.getTime() - 10 * DAY) });
    expect(await available(s.memberId)).toBe(1_000n);
    expect((await warnExpiringCashback(db, { now: new Date(expires.getTime() - 10 * DAY) })).warned).toBe(1);
    const notice = await db.notification.findFirstOrThrow({ where: { userId: s.userId, kind: "EXPIRING" } });
    expect(notice.data).toMatchObject({ amountMinor: "1000", expiresAt: `${expires.toISOString().slice(0, 10)}T00:00:00.000Z` });

    // …and it expires after that date, not before.
    await expireCashback(db, { now: new Date(expires.getTime() + DAY) });
    expect(await available(s.memberId)).toBe(0n);

    // Lengthening it again does not restart the clock.
    const before = (await db.program.findUniqueOrThrow({ where: { id: s.programId } })).expiryClockFrom;
    await db.program.update({ where: { id: s.programId }, data: { expiryMonths: 12 } });
    expect((await db.program.findUniqueOrThrow({ where: { id: s.programId } })).expiryClockFrom).toEqual(before);
  });
});
