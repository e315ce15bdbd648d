import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { balance, providerAccount } from "@/lib/ledger";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { aMember, aProgram, uniqueId } from "@/tests/support/programs";
import { anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { accrueCommissions } from "./accrue-commissions";
import { carriedCommission, commissionFor, type CommissionTier } from "./commission-tiers";
import { invoiceMonth } from "./invoice-month";

const { fake } = withFakeStripe();
const DAY = 24 * 60 * 60 * 1000;
const TIERS: CommissionTier[] = [
  { fromMinor: 0n, bps: 500 },
  { fromMinor: 1_000n, bps: 400 },
];
const actor = { type: "SYSTEM" } as const;

async function business(holdDays: number) {
  const program = await aProgram({ cashbackBps: 1000, holdDays });
  const member = await aMember(program.programId);
  const buy = async (amountMinor: bigint) => {
    const orderId = `o-${uniqueId()}`;
    await recordPurchase(db, { programId: program.programId, source: "WEBHOOK", orderId, origin: {}, amountMinor, currency: "EUR", customer: { memberId: member.memberId }, actor });
    const reward = await db.reward.findFirstOrThrow({ where: { purchase: { programId: program.programId, orderId } }, select: { id: true } });
    return { orderId, rewardId: reward.id, refund: (refundMinor: bigint) => recordRefund(db, { programId: program.programId, source: "WEBHOOK", orderId, refundMinor, refundKey: `r-${uniqueId()}`, eventKeys: [`r-${uniqueId()}`], actor }) };
  };
  return { ...program, member, buy };
}
const feesOwed = (providerId: string) => balance(db, providerAccount(providerId, "PROVIDER_FEES_OWED", "EUR"));

describe("commission is computed per month and rate on totals (docs/money-rules.md)", () => {
  it("a million 16-cent awards at 5 % yield €8,000 of commission for the month, not €0", () => {
    expect(commissionFor(16n, 500)).toBe(0n); // award by award, every one rounds down to nothing
    const group = { awardMinor: 0n, commissionMinor: 0n };
    for (let i = 0; i < 1_000_000; i++) {
      const charge = carriedCommission(group, 16n, 500);
      group.awardMinor += 16n;
      group.commissionMinor += charge;
    }
    expect(group.commissionMinor).toBe(800_000n); // €8,000.00
  });

  it("twenty 16-cent awards are charged 5 % of their €3.20 total: 16 cents, and a reversal gives back exactly what it changes", async () => {
    const biz = await business(0);
    const orders = [];
    for (let i = 0; i < 20; i++) orders.push(await biz.buy(160n)); // 10 % of €1.60 = 16 cents each
    await accrueCommissions(db, { tiers: TIERS });
    expect(await feesOwed(biz.providerId)).toBe(-16n);
    await orders[0]!.refund(160n); // €3.04 stands: 5 % is 15.2 → 15 cents
    await accrueCommissions(db, { tiers: TIERS });
    expect(await feesOwed(biz.providerId)).toBe(-15n);
  });
});

describe("tier volume is net of reversals", () => {
  it("orders refunded inside the hold never count towards a cheaper tier", async () => {
    const biz = await business(14);
    const big = await biz.buy(20_000n); // €20.00 cashback: would reach the 4 % tier
    await accrueCommissions(db, { tiers: TIERS });
    const small = await biz.buy(10_000n); // €10.00
    await big.refund(20_000n); // refunded inside the hold
    await releaseDueRewards(db, { now: new Date(Date.now() + 15 * DAY) });
    await accrueCommissions(db, { tiers: TIERS });
    const record = await db.billingRecord.findFirstOrThrow({ where: { rewardId: small.rewardId, kind: "COMMISSION" } });
    expect([record.awardMinor, record.rateBps, record.commissionMinor]).toEqual([1_000n, 500, 50n]);
    expect(await feesOwed(biz.providerId)).toBe(-50n);
  });

  it("an award reversed after the hold leaves the month's volume", async () => {
    const biz = await business(0);
    const big = await biz.buy(20_000n); // €20.00 at 5 % = €1.00
    await accrueCommissions(db, { tiers: TIERS });
    await big.refund(20_000n); // reversed from the member's balance at once
    await accrueCommissions(db, { tiers: TIERS });
    const small = await biz.buy(10_000n);
    await accrueCommissions(db, { tiers: TIERS });
    const record = await db.billingRecord.findFirstOrThrow({ where: { rewardId: small.rewardId, kind: "COMMISSION" } });
    expect(record.rateBps).toBe(500); // net volume before it is €0.00, not €20.00
    expect(await feesOwed(biz.providerId)).toBe(-50n);
  });
});

describe("commission invoices", () => {
  it("a voided invoice forgives nothing: its records go back and the month is invoiced again", async () => {
    const biz = await business(0);
    await biz.buy(10_000n);
    await accrueCommissions(db, { tiers: TIERS });
    const [first] = (await invoiceMonth(db, { period: new Date() })).filter((r) => r.providerId === biz.providerId);
    expect(first).toMatchObject({ amountMinor: 50n, records: 1 });

    fake.invoices.get(first!.stripeInvoiceId)!.status = "void";
    await deliver(anEvent("invoice.voided", { id: first!.stripeInvoiceId, object: "invoice", status: "void", parent: null }));
    expect(await db.billingRecord.count({ where: { providerId: biz.providerId, invoiceId: null } })).toBe(1);

    const [second] = (await invoiceMonth(db, { period: new Date() })).filter((r) => r.providerId === biz.providerId);
    expect(second).toMatchObject({ amountMinor: 50n, records: 1 });
    expect(second!.invoiceId).not.toBe(first!.invoiceId);
    expect(await feesOwed(biz.providerId)).toBe(-50n);
  });

  it("the invoice total is the sum of exactly the records attached to it, even when one is accrued meanwhile", async () => {
    const biz = await business(0);
    await biz.buy(10_000n); // €0.50 commission
    await accrueCommissions(db, { tiers: TIERS });
    // A record accrued while the invoice is being made: simulated by a trigger that adds one (€0.07) as soon as
    // the invoice row exists, between reading what to invoice and attaching it.
    await db.$executeRawUnsafe(`CREATE FUNCTION test_accrued_meanwhile() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO billing_records (id, provider_id, reward_id, kind, reward_event_id, period, award_minor, rate_bps, commission_minor, currency)
        VALUES (gen_random_uuid(), NEW.provider_id, gen_random_uuid(), 'COMMISSION', 0, NEW.period, 140, 500, 7, NEW.currency);
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER test_accrued_meanwhile AFTER INSERT ON provider_invoices FOR EACH ROW EXECUTE FUNCTION test_accrued_meanwhile()`);
    try {
      const [inv] = (await invoiceMonth(db, { period: new Date() })).filter((r) => r.providerId === biz.providerId);
      const attached = await db.billingRecord.aggregate({ where: { invoiceId: inv!.invoiceId }, _sum: { commissionMinor: true }, _count: { _all: true } });
      expect(attached._count._all).toBe(2);
      expect(inv!.amountMinor).toBe(57n);
      expect(attached._sum.commissionMinor).toBe(57n);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER test_accrued_meanwhile ON provider_invoices`);
      await db.$executeRawUnsafe(`DROP FUNCTION test_accrued_meanwhile()`);
    }
  });
});
