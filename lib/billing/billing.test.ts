import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { balance, platformAccount, providerAccount } from "@/lib/ledger";
import { aMember, aProgram, uniqueId } from "@/tests/support/programs";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { accrueCommissions } from "./accrue-commissions";
import { getBillingSummary } from "./get-billing-summary";
import { commissionFor, parseCommissionTiers, periodOf, rateFor, type CommissionTier } from "./commission-tiers";
import { reviewReward } from "@/lib/rewards/review-reward";
import { invoiceMonth } from "./invoice-month";
import { listBillingRecords } from "./list-billing-records";
import { listProviderInvoices } from "./list-provider-invoices";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";

const DAY = 24 * 60 * 60 * 1000;

const { fake } = withFakeStripe();

// Small tiers so a few purchases cross them: 5% from 0, 4% from €10, 3% from €30 of cashback a month.
const TIERS: CommissionTier[] = [
  { fromMinor: 0n, bps: 500 },
  { fromMinor: 1_000n, bps: 400 },
  { fromMinor: 3_000n, bps: 300 },
];

/** A provider whose program pays 10% cashback at once (no hold), with one member. */
async function business() {
  const program = await aProgram({ cashbackBps: 1000, holdDays: 0 });
  const member = await aMember(program.programId);
  const buy = (amountMinor: bigint) =>
    recordPurchase(db, { programId: program.programId, source: "WEBHOOK", orderId: `o-${uniqueId()}`, origin: {}, amountMinor, currency: "EUR", customer: { memberId: member.memberId }, actor: { type: "SYSTEM" } });
  return { ...program, member, buy };
}

const feesOwed = (providerId: string) => balance(db, providerAccount(providerId, "PROVIDER_FEES_OWED", "EUR"));

describe("commission tiers", () => {
  it("parses the configuration and refuses a bad one", () => {
    expect(parseCommissionTiers(undefined)).toEqual([
      { fromMinor: 0n, bps: 500 },
      { fromMinor: 100_000n, bps: 400 },
      { fromMinor: 1_000_000n, bps: 300 },
    ]);
    expect(parseCommissionTiers("0:250, 5000:100")).toEqual([
      { fromMinor: 0n, bps: 250 },
      { fromMinor: 5000n, bps: 100 },
    ]);
    expect(() => parseCommissionTiers("100:500")).toThrow(/start at 0/);
    expect(() => parseCommissionTiers("0:500,0:400")).toThrow(/increasing/);
    expect(() => parseCommissionTiers("0:20000")).toThrow(/100%/);
    expect(() => parseCommissionTiers("0:5%")).toThrow();
  });

  it("picks the tier reached before the award and rounds down", () => {
    expect(rateFor(TIERS, 0n)).toBe(500);
    expect(rateFor(TIERS, 999n)).toBe(500);
    expect(rateFor(TIERS, 1_000n)).toBe(400);
    expect(rateFor(TIERS, 50_000n)).toBe(300);
    expect(commissionFor(1_999n, 500)).toBe(99n);
  });
});

describe("accrueCommissions", () => {
  it("accrues one FEE posting and billing record per award at the month's tier, once", async () => {
    const biz = await business();
    for (const amount of [10_000n, 10_000n, 20_000n, 10_000n]) await biz.buy(amount);
    const first = await accrueCommissions(db, { tiers: TIERS });
    expect(first.accrued).toBeGreaterThanOrEqual(4);
    const records = await db.billingRecord.findMany({ where: { providerId: biz.providerId }, orderBy: { createdAt: "asc" } });
    // Cashback 10, 10, 20, 10 (EUR): volume before each is 0, 10, 20, 40 → 5%, 4%, 4%, 3%.
    expect(records.map((r) => [r.awardMinor, r.rateBps, r.commissionMinor])).toEqual([
      [1_000n, 500, 50n],
      [1_000n, 400, 40n],
      [2_000n, 400, 80n],
      [1_000n, 300, 30n],
    ]);
    expect(records.every((r) => r.ledgerTransactionId !== null && r.currency === "EUR")).toBe(true);
    const tx = await db.ledgerTransaction.findUniqueOrThrow({ where: { id: records[0]!.ledgerTransactionId! }, include: { entries: true } });
    expect(tx.kind).toBe("FEE");
    expect(tx.entries.reduce((s, e) => s + e.amount, 0n)).toBe(0n);
    expect(await feesOwed(biz.providerId)).toBe(-200n);

    const again = await accrueCommissions(db, { tiers: TIERS });
    expect(again.accrued).toBe(0);
    expect(await db.billingRecord.count({ where: { providerId: biz.providerId } })).toBe(4);
    expect(await feesOwed(biz.providerId)).toBe(-200n);
  });

  it("charges nothing for rejected rewards or points, and each award once under concurrent runs", async () => {
    const biz = await business();
    await db.member.update({ where: { id: biz.member.memberId }, data: { status: "SUSPENDED" } });
    await biz.buy(10_000n); // rejected: membership suspended
    await db.member.update({ where: { id: biz.member.memberId }, data: { status: "ACTIVE" } });
    const points = await aProgram({ cashbackBps: 1000, holdDays: 0 });
    await db.program.update({ where: { id: points.programId }, data: { currency: "PTS" } });
    const pointsMember = await aMember(points.programId);
    await recordPurchase(db, { programId: points.programId, source: "WEBHOOK", orderId: `p-${uniqueId()}`, origin: {}, amountMinor: 10_000n, currency: "PTS", customer: { memberId: pointsMember.memberId }, actor: { type: "SYSTEM" } });
    for (let i = 0; i < 6; i++) await biz.buy(5_000n);

    await Promise.all([accrueCommissions(db, { tiers: TIERS }), accrueCommissions(db, { tiers: TIERS }), accrueCommissions(db, { tiers: TIERS })]);
    expect(await db.billingRecord.count({ where: { providerId: biz.providerId } })).toBe(6);
    expect(await db.billingRecord.count({ where: { providerId: points.providerId } })).toBe(0);
    const fees = await db.ledgerTransaction.count({ where: { kind: "FEE", referenceId: { in: (await db.billingRecord.findMany({ where: { providerId: biz.providerId } })).map((r) => r.rewardId) } } });
    expect(fees).toBe(6);
    // 6 × €5 cashback: volume before is 0, 5, 10, 15, 20, 25 (EUR) → 25 + 25 + 20 + 20 + 20 + 20.
    expect(await feesOwed(biz.providerId)).toBe(-130n);
    // Tier thresholds are shown in the currencies commission is charged in: none for a points program.
    expect((await getBillingSummary(biz.providerId)).tierCurrencies).toEqual(["EUR"]);
    expect((await getBillingSummary(points.providerId)).tierCurrencies).toEqual([]);
  });
});

describe("the month of an award", () => {
  const monthsAgo = (n: number) => {
    const at = new Date();
    at.setUTCDate(15);
    at.setUTCMonth(at.getUTCMonth() - n);
    return at;
  };

  it("is the month its reward was made, so back-dated history is billed in its own months", async () => {
    const biz = await business();
    const outcome = await biz.buy(10_000n);
    if (outcome.status !== "accepted") throw new Error(outcome.status);
    const then = monthsAgo(4);
    // What the demo seed does (scripts/seed-history.ts): the reward is moved back to when its purchase happened.
    await db.$executeRaw`UPDATE rewards SET created_at = ${then} WHERE purchase_id = ${outcome.purchaseId}::uuid`;
    await accrueCommissions(db, { tiers: TIERS });
    const [record] = await db.billingRecord.findMany({ where: { providerId: biz.providerId } });
    expect(record?.period).toEqual(periodOf(then));
    const fee = await db.ledgerTransaction.findUniqueOrThrow({ where: { id: record!.ledgerTransactionId! } });
    expect(fee.effectiveAt).toEqual(then);
  });

  it("is the month a reviewed reward was approved, not when it was recorded", async () => {
    const program = await aProgram({ cashbackBps: 1000, holdDays: 0, processingMode: "MANUAL" });
    const member = await aMember(program.programId);
    const outcome = await recordPurchase(db, { programId: program.programId, source: "WEBHOOK", orderId: `o-${uniqueId()}`, origin: {}, amountMinor: 10_000n, currency: "EUR", customer: { memberId: member.memberId }, actor: { type: "SYSTEM" } });
    if (outcome.status !== "accepted") throw new Error(outcome.status);
    const reward = await db.reward.findFirstOrThrow({ where: { purchaseId: outcome.purchaseId } });
    expect(reward.status).toBe("PENDING_REVIEW");
    await db.$executeRaw`UPDATE rewards SET created_at = ${monthsAgo(2)} WHERE id = ${reward.id}::uuid`;
    await reviewReward(db, { programId: program.programId, rewardId: reward.id, decision: { action: "approve" }, actor: { type: "SYSTEM" } });
    await accrueCommissions(db, { tiers: TIERS });
    const [record] = await db.billingRecord.findMany({ where: { providerId: program.providerId } });
    expect(record?.period).toEqual(periodOf(new Date()));
  });
});

describe("monthly invoices", () => {
  it("creates the customer once, one finalized invoice with the month's commission, links the records, and settles when paid", async () => {
    const biz = await business();
    await biz.buy(10_000n);
    await biz.buy(20_000n);
    await accrueCommissions(db, { tiers: TIERS });
    const owed = -(await feesOwed(biz.providerId));
    expect(owed).toBeGreaterThan(0n);

    const results = await invoiceMonth(db, { period: new Date() });
    const mine = results.find((r) => r.providerId === biz.providerId);
    expect(mine).toMatchObject({ currency: "EUR", amountMinor: owed, records: 2, status: "open" });

    const customerCalls = fake.requests.filter((r) => r.path === "/v1/customers" && r.body.metadata && typeof r.body.metadata === "object" && !Array.isArray(r.body.metadata) && r.body.metadata.providerId === biz.providerId);
    expect(customerCalls).toHaveLength(1);
    const invoiceCall = fake.requests.find((r) => r.path === "/v1/invoices" && r.method === "POST" && r.body.metadata && typeof r.body.metadata === "object" && !Array.isArray(r.body.metadata) && r.body.metadata.providerInvoiceId === mine?.invoiceId);
    expect(invoiceCall?.body).toMatchObject({ currency: "eur", collection_method: "send_invoice", pending_invoice_items_behavior: "exclude" });
    expect(invoiceCall?.idempotencyKey).toBe(`boomerang-provider-invoice:${mine?.invoiceId}`);
    const itemCall = fake.requests.find((r) => r.path === "/v1/invoiceitems" && r.body.invoice === mine?.stripeInvoiceId);
    expect(itemCall?.body).toMatchObject({ amount: owed.toString(), currency: "eur" });
    expect(fake.requests.some((r) => r.path === `/v1/invoices/${mine?.stripeInvoiceId}/finalize`)).toBe(true);
    // Finalized, then sent: Stripe e-mails it to the provider.
    expect(fake.requests.find((r) => r.path === `/v1/invoices/${mine?.stripeInvoiceId}/send`)?.idempotencyKey).toBe(`boomerang-provider-invoice-send:${mine?.invoiceId}`);

    const [invoice] = await listProviderInvoices(biz.providerId);
    expect(invoice).toMatchObject({ status: "open", amountMinor: owed, hostedUrl: `https://invoice.stripe.com/i/${mine?.stripeInvoiceId}` });
    expect(invoice?._count.records).toBe(2);
    const records = await listBillingRecords(biz.providerId);
    expect(records.every((r) => r.invoice?.id === invoice?.id && r.reward?.memberId === biz.member.memberId)).toBe(true);

    // A second run invoices nothing twice.
    fake.requests.length = 0;
    const rerun = await invoiceMonth(db, { period: new Date() });
    expect(rerun.find((r) => r.providerId === biz.providerId)).toBeUndefined();
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(0);

    // Stripe says it is paid: the invoice follows, the fees owed are settled once (replay and re-send alike).
    fake.invoices.get(mine!.stripeInvoiceId)!.status = "paid";
    const event = anEvent("invoice.paid", { id: mine!.stripeInvoiceId, object: "invoice", status: "paid", parent: null });
    expect((await deliver(event)).json).toMatchObject({ status: "processed" });
    expect((await deliver(event)).json).toMatchObject({ status: "duplicate" });
    expect((await deliver(anEvent("invoice.paid", { id: mine!.stripeInvoiceId, object: "invoice", status: "paid", parent: null }))).status).toBe(200);
    expect((await listProviderInvoices(biz.providerId))[0]?.status).toBe("paid");
    expect(await feesOwed(biz.providerId)).toBe(0n);
    expect(await balance(db, platformAccount("PLATFORM_FEES", "EUR"))).toBeGreaterThanOrEqual(owed);
  });

  it("shows each provider only its own records and invoices", async () => {
    const a = await business();
    const b = await business();
    await a.buy(10_000n);
    await b.buy(10_000n);
    await accrueCommissions(db, { tiers: TIERS });
    const recordsA = await listBillingRecords(a.providerId);
    expect(recordsA.length).toBeGreaterThan(0);
    expect(recordsA.every((r) => r.reward?.memberId === a.member.memberId)).toBe(true);
    expect((await listBillingRecords(b.providerId)).some((r) => r.reward?.memberId === a.member.memberId)).toBe(false);
  });
});

describe("commission credits for awards reversed or reduced", () => {
  /**
   * 10% cashback held 14 days: commission is charged once the hold is over (`release`), so these refunds come
   * after it and are reversed from the member's available balance at once.
   */
  async function heldBusiness() {
    const program = await aProgram({ cashbackBps: 1000, holdDays: 14 });
    const member = await aMember(program.programId);
    const actor = { type: "SYSTEM" } as const;
    const buy = async (amountMinor: bigint) => {
      const orderId = `o-${uniqueId()}`;
      await recordPurchase(db, { programId: program.programId, source: "WEBHOOK", orderId, origin: {}, amountMinor, currency: "EUR", customer: { memberId: member.memberId }, actor });
      return {
        orderId,
        refund: (refundMinor: bigint) =>
          recordRefund(db, { programId: program.programId, source: "WEBHOOK", orderId, refundMinor, refundKey: `r-${uniqueId()}`, eventKeys: [`refund:${uniqueId()}`], actor }),
      };
    };
    const release = () => releaseDueRewards(db, { now: new Date(Date.now() + 15 * DAY) });
    return { ...program, member, buy, release };
  }
  const recordsOf = (providerId: string) => db.billingRecord.findMany({ where: { providerId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

  it("gives the whole commission back when the award is cancelled by a refund, once", async () => {
    const biz = await heldBusiness();
    const order = await biz.buy(10_000n); // €10.00 cashback, 5% → €0.50 commission
    await biz.release();
    await accrueCommissions(db, { tiers: TIERS });
    expect(await feesOwed(biz.providerId)).toBe(-50n);

    await order.refund(10_000n);
    const run = await accrueCommissions(db, { tiers: TIERS });
    expect(run.credited).toBeGreaterThanOrEqual(1);
    const records = await recordsOf(biz.providerId);
    expect(records.map((r) => [r.kind, r.awardMinor, r.rateBps, r.commissionMinor])).toEqual([
      ["COMMISSION", 1_000n, 500, 50n],
      ["CREDIT", -1_000n, 500, -50n],
    ]);
    expect(await feesOwed(biz.providerId)).toBe(0n);

    // Re-runs credit nothing more.
    await accrueCommissions(db, { tiers: TIERS });
    expect(await recordsOf(biz.providerId)).toHaveLength(2);
    expect(await feesOwed(biz.providerId)).toBe(0n);

    // The owner sees the credit beside the commission, and this month's commission net of it.
    const listed = await listBillingRecords(biz.providerId);
    expect(listed.map((r) => r.kind).sort()).toEqual(["COMMISSION", "CREDIT"]);
    const month = (await getBillingSummary(biz.providerId)).months.find((m) => m.currency === "EUR");
    expect(month).toMatchObject({ awards: 1, awardedMinor: 1_000n, commissionMinor: 0n, creditedMinor: 50n });
  });

  it("gives back the commission on what a partial refund took off, at the rate charged, and the rest on a later full refund", async () => {
    const biz = await heldBusiness();
    const order = await biz.buy(20_000n); // €20.00 cashback, 5% → €1.00
    await biz.release();
    await accrueCommissions(db, { tiers: TIERS });
    await order.refund(5_000n); // a quarter: cashback €15.00 → commission owed €0.75
    await accrueCommissions(db, { tiers: TIERS });
    expect(await feesOwed(biz.providerId)).toBe(-75n);
    await order.refund(15_000n); // the rest: nothing stands
    await accrueCommissions(db, { tiers: TIERS });
    const records = await recordsOf(biz.providerId);
    expect(records.map((r) => [r.kind, r.awardMinor, r.commissionMinor])).toEqual([
      ["COMMISSION", 2_000n, 100n],
      ["CREDIT", -500n, -25n],
      ["CREDIT", -1_500n, -75n],
    ]);
    expect(await feesOwed(biz.providerId)).toBe(0n);
  });

  it("credits each reversal once under concurrent runs", async () => {
    const biz = await heldBusiness();
    const order = await biz.buy(10_000n);
    await biz.release();
    await accrueCommissions(db, { tiers: TIERS });
    await order.refund(10_000n);
    await Promise.all([accrueCommissions(db, { tiers: TIERS }), accrueCommissions(db, { tiers: TIERS }), accrueCommissions(db, { tiers: TIERS })]);
    expect((await recordsOf(biz.providerId)).filter((r) => r.kind === "CREDIT")).toHaveLength(1);
    expect(await feesOwed(biz.providerId)).toBe(0n);
  });

  it("nets credits on the invoice, and does not invoice a month they cancel out", async () => {
    const biz = await heldBusiness();
    await biz.buy(20_000n); // €1.00 commission
    const refunded = await biz.buy(10_000n); // €0.40 commission (4%: the month passed €10 of cashback)
    await biz.release();
    await accrueCommissions(db, { tiers: TIERS });
    await refunded.refund(10_000n);
    const [mine] = (await invoiceMonth(db, { period: new Date() })).filter((r) => r.providerId === biz.providerId);
    // Two awards' commission (€1.00 + €0.40) less the refunded one's (€0.40).
    expect(mine).toMatchObject({ amountMinor: 100n, records: 2 });
    const item = fake.requests.find((r) => r.path === "/v1/invoiceitems" && r.body.invoice === mine?.stripeInvoiceId);
    expect(item?.body).toMatchObject({ amount: "100", description: expect.stringContaining("less 1 credit") });

    // A business whose only award this month was refunded owes nothing: no invoice, no Stripe call for it.
    const other = await heldBusiness();
    const only = await other.buy(10_000n);
    await other.release();
    await accrueCommissions(db, { tiers: TIERS });
    await only.refund(10_000n);
    fake.requests.length = 0;
    const results = await invoiceMonth(db, { period: new Date() });
    expect(results.find((r) => r.providerId === other.providerId)).toBeUndefined();
    expect(await listProviderInvoices(other.providerId)).toEqual([]);
    expect(await feesOwed(other.providerId)).toBe(0n);
  });
});
