import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, db, type Db } from "@/lib/db/client";
import { balance, memberAccount, post, providerAccount } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { addStaff } from "@/lib/providers/add-staff";
import { createProvider } from "@/lib/providers/create-provider";
import { refusal } from "@/tests/support/refusal";
import { findRegisterVoucher, registerSpendable, spendAtRegister } from "./spend-at-register";
import { createVoucher } from "./vouchers";

const short = () => randomUUID().slice(0, 8);
const request = () => randomUUID();

async function user(name = "Carl Cashier") {
  return db.user.create({ data: { email: `u-${short()}@spend.test`, name, passwordHash: "x" } });
}

/** A business (10% back, 14-day hold; no earn cap), a cashier, and a member with `availableMinor` to spend. */
async function shop(opts: { spendCap?: bigint | null; availableMinor?: bigint } = {}) {
  const owner = await user("Olga Owner");
  const created = await createProvider(db, { name: "Corner Shop", slug: `corner-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
  await db.program.update({ where: { id: created.programId }, data: { cashierDailyCapMinor: null, cashierDailySpendCapMinor: opts.spendCap ?? null } });
  const cashier = await user();
  await addStaff(db, { providerId: created.providerId, userId: cashier.id, role: "CASHIER" });
  const memberUser = await user("Maya Lind");
  const member = await joinProgram(db, { userId: memberUser.id, programId: created.programId });
  const amount = opts.availableMinor ?? 5000n;
  await post(db, {
    idempotencyKey: `t:${short()}:earned`,
    kind: "ADJUSTMENT",
    entries: [
      { account: providerAccount(created.providerId, "PROVIDER_LIABILITY", "EUR"), amount: -amount },
      { account: memberAccount(member.id, "MEMBER_AVAILABLE", "EUR"), amount },
    ],
  });
  return { ...created, cashierId: cashier.id, member, memberUserId: memberUser.id };
}

type Shop = Awaited<ReturnType<typeof shop>>;

async function state(s: Shop) {
  const [available, held, pending, liability, purchases, redemptions] = await Promise.all([
    balance(db, memberAccount(s.member.id, "MEMBER_AVAILABLE", "EUR")),
    balance(db, memberAccount(s.member.id, "MEMBER_HELD", "EUR")),
    balance(db, memberAccount(s.member.id, "MEMBER_PENDING", "EUR")),
    balance(db, providerAccount(s.providerId, "PROVIDER_LIABILITY", "EUR")),
    db.purchase.count({ where: { programId: s.programId } }),
    db.redemption.count({ where: { programId: s.programId } }),
  ]);
  return { available, held, pending, liability, purchases, redemptions };
}

const spendHits = (programId: string) => db.guardHit.findMany({ where: { programId, guard: "CASHIER_SPEND_CAP" } });

describe("spendAtRegister", () => {
  it("takes the cashback from the member identified by code as a captured REGISTER redemption", async () => {
    const s = await shop();
    expect(await registerSpendable(db, s.member.id)).toBe(5000n);
    const requestId = request();
    const paid = await spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 1200n, requestId });
    expect(paid).toMatchObject({ orderId: `register:${requestId}`, spentMinor: 1200n, currency: "EUR", firstName: "Maya", spendableMinor: 3800n, purchase: null });
    expect(await db.redemption.findUniqueOrThrow({ where: { id: paid.redemptionId } })).toMatchObject({
      source: "REGISTER",
      status: "CAPTURED",
      cashierUserId: s.cashierId,
      memberId: s.member.id,
      amountCaptured: 1200n,
    });
    // Spent cashback returns to the business's liability.
    expect(await state(s)).toEqual({ available: 3800n, held: 0n, pending: 0n, liability: -3800n, purchases: 0, redemptions: 1 });
    expect(await db.notification.findFirst({ where: { userId: s.memberUserId, kind: "SPENT" } })).not.toBeNull();
    // The same confirmation twice is one payment.
    expect((await refusal(spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 1200n, requestId }))).code).toBe("CONFLICT");
    expect((await state(s)).available).toBe(3800n);
  });

  it("refuses more than is spendable, and another business's member, changing nothing", async () => {
    const s = await shop({ availableMinor: 500n });
    const other = await shop();
    const tooMuch = await refusal(spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 501n, requestId: request() }));
    expect(tooMuch).toMatchObject({ code: "UNPROCESSABLE", field: "spendMinor", reason: "insufficient_balance" });
    const foreign = await refusal(spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: other.member.code }, spendMinor: 100n, requestId: request() }));
    expect(foreign.code).toBe("NOT_FOUND");
    expect(await state(s)).toEqual({ available: 500n, held: 0n, pending: 0n, liability: -500n, purchases: 0, redemptions: 0 });
  });

  it("records the sale of what was paid and the cashback spend together: €20 basket, €5 with cashback → a €15 purchase", async () => {
    const s = await shop();
    const paid = await spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 500n, basketMinor: 2000n, requestId: request() });
    expect(paid.spentMinor).toBe(500n);
    expect(paid.purchase).toMatchObject({ amountMinor: 150n, status: "PENDING", receiptId: paid.orderId });
    const purchase = await db.purchase.findFirstOrThrow({ where: { programId: s.programId } });
    expect(purchase).toMatchObject({ source: "REGISTER", amountMinor: 1500n, cashierUserId: s.cashierId, memberId: s.member.id });
    // 5000 − 500 spent; 150 pending cashback on the €15 paid.
    expect(await state(s)).toEqual({ available: 4500n, held: 0n, pending: 150n, liability: -4650n, purchases: 1, redemptions: 1 });

    // A basket paid entirely with cashback records no purchase.
    const all = await spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 700n, basketMinor: 700n, requestId: request() });
    expect(all.purchase).toBeNull();
    expect((await refusal(spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 800n, basketMinor: 700n, requestId: request() }))).code).toBe("VALIDATION");
  });

  it("records neither the sale nor the spend when either is refused", async () => {
    const s = await shop({ availableMinor: 400n });
    const before = await state(s);
    // The spend is refused (not enough cashback): the sale is not recorded either.
    await refusal(spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 500n, basketMinor: 2000n, requestId: request() }));
    expect(await state(s)).toEqual(before);
    // The sale is refused (the earn cap): the spend is not made either.
    await db.program.update({ where: { id: s.programId }, data: { cashierDailyCapMinor: 10n } });
    const refused = await refusal(spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 300n, basketMinor: 2000n, requestId: request() }));
    expect(refused).toMatchObject({ code: "CONFLICT", field: "amountMinor" });
    expect(await state(s)).toEqual(before);
    expect(await db.guardHit.count({ where: { programId: s.programId, guard: "CASHIER_CAP" } })).toBe(1);
  });

  it("refuses a payment past the cashier's daily spend cap (their own over the program's) and records the guard hit", async () => {
    const s = await shop({ spendCap: 1000n });
    const pay = (spendMinor: bigint) => spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor, requestId: request() });
    await pay(600n);
    const refused = await refusal(pay(500n));
    expect(refused).toMatchObject({ code: "CONFLICT", field: "spendMinor" });
    expect(refused.message).toContain("€10.00");
    expect(await spendHits(s.programId)).toMatchObject([{ subject: s.cashierId, details: { capMinor: "1000", spentTodayMinor: "600", spendMinor: "500" } }]);
    expect(await state(s)).toMatchObject({ available: 4400n, redemptions: 1 });
    await pay(400n);
    // The cashier's own cap wins over the program's; the earn cap is another limit.
    await db.staffMember.update({ where: { userId_providerId: { userId: s.cashierId, providerId: s.providerId } }, data: { dailySpendCapMinor: 3000n, dailySpendCapCurrency: "EUR", dailyCapMinor: 1n, dailyCapCurrency: "EUR" } });
    await pay(2000n);
    expect((await refusal(pay(1n))).code).toBe("CONFLICT");
    // Another day starts from zero.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    await spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 100n, requestId: request(), now: tomorrow });
    expect(await spendHits(s.programId)).toHaveLength(2);
  });

  it("redeems a voucher by its code, once", async () => {
    const s = await shop();
    const voucher = await createVoucher(db, { userId: s.memberUserId, programId: s.programId, amountMinor: 1500n });
    expect(await findRegisterVoucher(db, s.providerId, voucher.code.toLowerCase())).toMatchObject({ amountMinor: 1500n, member: { firstName: "Maya" } });
    const paid = await spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { voucherCode: voucher.code }, spendMinor: 1500n, basketMinor: 3000n, requestId: request() });
    expect(paid).toMatchObject({ spentMinor: 1500n, firstName: "Maya", purchase: { amountMinor: 150n } });
    expect(await db.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).toMatchObject({ status: "REDEEMED", redemptionId: paid.redemptionId });
    expect(await state(s)).toMatchObject({ available: 3500n, held: 0n });
    expect((await refusal(findRegisterVoucher(db, s.providerId, voucher.code))).code).toBe("CONFLICT");
    expect((await refusal(spendAtRegister(db, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { voucherCode: voucher.code }, spendMinor: 100n, requestId: request() }))).code).toBe("CONFLICT");
  });

  describe("under concurrency", () => {
    let pool: Db;
    beforeAll(() => {
      pool = createDb(process.env.DATABASE_URL!, 20);
    });
    afterAll(async () => {
      await closeDb(pool);
    });

    it("20 concurrent payments at one cashier's register never pass the spend cap", async () => {
      const s = await shop({ spendCap: 1000n });
      // €3.00 each: three fit under €10.00, the fourth would not.
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => spendAtRegister(pool, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 300n, requestId: request() })),
      );
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(3);
      for (const r of refused) expect(r.reason).toMatchObject({ code: "CONFLICT", field: "spendMinor" });
      expect(await state(s)).toEqual({ available: 4100n, held: 0n, pending: 0n, liability: -4100n, purchases: 0, redemptions: 3 });
      expect(await spendHits(s.programId)).toHaveLength(17);
    });

    it("20 concurrent sales paid partly with cashback record each sale with its spend, or neither", async () => {
      const s = await shop({ availableMinor: 1000n });
      // €3.00 of cashback each on a €10.00 basket: only three fit the €10.00 balance.
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          spendAtRegister(pool, { providerId: s.providerId, cashierUserId: s.cashierId, customer: { memberCode: s.member.code }, spendMinor: 300n, basketMinor: 1000n, requestId: request() }),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
      expect(await state(s)).toEqual({ available: 100n, held: 0n, pending: 210n, liability: -310n, purchases: 3, redemptions: 3 });
    });
  });
});
