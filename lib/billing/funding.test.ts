import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { balance, externalAccount, memberBalances, platformAccount, providerAccount, reconcile } from "@/lib/ledger";
import { confirmWithdrawal } from "@/lib/withdrawals/confirm-withdrawal";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { settleWithdrawal } from "@/lib/withdrawals/settle-withdrawal";
import { LIMITS, setup, short, type Setup } from "@/tests/support/withdrawals";
import { anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { getProviderFunding } from "./get-provider-funding";
import { invoiceMonth } from "./invoice-month";
import { listTopUps } from "./list-top-ups";
import { startTopUp } from "./start-top-up";

const { fake } = withFakeStripe();

beforeEach(() => {
  process.env.WITHDRAWAL_APPROVAL_ABOVE_MINOR = String(LIMITS.approvalAboveMinor);
});

const providerOf = async (s: Setup) => (await db.program.findUniqueOrThrow({ where: { id: s.programId }, select: { providerId: true } })).providerId;
const tokenOf = (url: string) => new URL(url).searchParams.get("token") ?? "";
const liability = (providerId: string) => balance(db, providerAccount(providerId, "PROVIDER_LIABILITY", "EUR"));
const prepaid = (providerId: string) => balance(db, providerAccount(providerId, "PROVIDER_FUNDING", "EUR"));
const feesOwed = (providerId: string) => balance(db, providerAccount(providerId, "PROVIDER_FEES_OWED", "EUR"));

/** The member asks for and confirms a withdrawal; it is then PROCESSING (or waiting for funding). */
async function confirmed(s: Setup, amountMinor: bigint) {
  const { withdrawal, confirmUrl } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor, limits: LIMITS });
  return confirmWithdrawal(db, { userId: s.userId, token: tokenOf(confirmUrl) }).then((w) => ({ ...w, id: withdrawal.id }));
}

/** Stripe reports the payout of a PROCESSING withdrawal as `outcome`. */
async function payoutSays(id: string, outcome: "paid" | "failed") {
  const w = await db.withdrawal.findUniqueOrThrow({ where: { id } });
  const payoutId = w.payoutId ?? `po_${short()}`;
  if (!w.payoutId) await db.withdrawal.update({ where: { id }, data: { payoutId } });
  return settleWithdrawal(db, { payoutId, outcome, reason: outcome === "failed" ? "account closed" : undefined });
}

async function paidWithdrawal(s: Setup, amountMinor: bigint) {
  const w = await confirmed(s, amountMinor);
  await payoutSays(w.id, "paid");
  return w.id;
}

/** The owner tops up through Checkout (payment mode), pays on the hosted page, and Stripe's webhook arrives. */
async function topUp(providerId: string, amountMinor: bigint) {
  const owner = await db.staffMember.findFirstOrThrow({ where: { providerId, role: "OWNER" } });
  const { topUpId } = await startTopUp(db, { providerId, userId: owner.userId, currency: "EUR", amountMinor });
  const { checkoutSessionId } = await db.providerTopUp.findUniqueOrThrow({ where: { id: topUpId } });
  const res = await fake.handle(new Request(`https://api.stripe.com/checkout/${checkoutSessionId}/pay`, { method: "POST" }));
  expect(res.status).toBe(303);
  const event = anEvent("checkout.session.completed", fake.sessions.get(checkoutSessionId ?? "") ?? {});
  expect((await deliver(event)).json).toMatchObject({ status: "processed" });
  expect((await deliver(event)).json).toMatchObject({ status: "duplicate" });
  return topUpId;
}

async function reconciles() {
  const result = await reconcile(db, { funding: true });
  expect(result.discrepancies).toEqual([]);
}

const thisMonth = () => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));

describe("funding payouts", () => {
  it("charges a paid withdrawal to its business once, each program's business its own share", async () => {
    const a = await setup(5_000n);
    const b = await setup(8_000n);
    const [pa, pb] = [await providerOf(a), await providerOf(b)];
    const wa = await paidWithdrawal(a, 2_000n);
    const wb = await paidWithdrawal(b, 3_000n);
    // A second "paid" from Stripe charges nothing more.
    await payoutSays(wa, "paid");
    const charges = await db.payoutCharge.findMany({ where: { providerId: { in: [pa, pb] } }, orderBy: { amountMinor: "asc" } });
    expect(charges.map((c) => [c.providerId, c.programId, c.withdrawalId, c.amountMinor, c.prepaidMinor, c.invoicedMinor])).toEqual([
      [pa, a.programId, wa, 2_000n, 0n, 0n],
      [pb, b.programId, wb, 3_000n, 0n, 0n],
    ]);
    // Post-paid: the liability still carries it (owed for payouts, not yet invoiced); the member holds less.
    expect(await liability(pa)).toBe(-5_000n);
    expect((await memberBalances(db, [a.memberId])).get(a.memberId)).toMatchObject({ available: 3_000n, held: 0n });
    expect(await getProviderFunding(db, pa)).toMatchObject({ currencies: [{ currency: "EUR", prepaidMinor: 0n, owedMinor: 2_000n, invoicedMinor: 0n }] });
    // The database refuses a second charge of the same withdrawal and program.
    await expect(db.payoutCharge.create({ data: { providerId: pa, programId: a.programId, withdrawalId: wa, period: thisMonth(), currency: "EUR", amountMinor: 2_000n } })).rejects.toThrow();
    await reconciles();
    // billing:invoice-month --provider: one business's month, the other's left for later.
    expect((await invoiceMonth(db, { period: thisMonth(), providerId: pa })).map((i) => [i.providerId, i.payoutsMinor])).toEqual([[pa, 2_000n]]);
    expect(await db.payoutCharge.findFirstOrThrow({ where: { withdrawalId: wb } })).toMatchObject({ invoiceId: null });
    await reconciles();
  });

  it("gives the charge back when the bank returns a paid payout, and charges nothing for one that failed before", async () => {
    const s = await setup(5_000n);
    const providerId = await providerOf(s);
    const failed = await confirmed(s, 1_000n);
    await payoutSays(failed.id, "failed");
    expect(await db.payoutCharge.count({ where: { providerId } })).toBe(0);

    const id = await paidWithdrawal(s, 2_000n);
    await topUp(providerId, 1_500n);
    const id2 = await paidWithdrawal(s, 1_000n); // 1,000 drawn from the prepaid balance
    expect(await prepaid(providerId)).toBe(500n);
    await payoutSays(id2, "failed"); // returned by the bank
    await payoutSays(id, "failed");
    await payoutSays(id, "failed");
    expect(await prepaid(providerId)).toBe(1_500n);
    const charges = await db.payoutCharge.findMany({ where: { providerId } });
    expect(charges).toHaveLength(2);
    expect(charges.every((c) => c.chargedBackAt !== null)).toBe(true);
    expect((await memberBalances(db, [s.memberId])).get(s.memberId)).toMatchObject({ available: 5_000n, held: 0n });
    expect(await getProviderFunding(db, providerId)).toMatchObject({ currencies: [{ prepaidMinor: 1_500n, owedMinor: 0n }] });
    // Only the month's commission is invoiced: no payout is owed.
    expect((await invoiceMonth(db, { period: thisMonth() })).filter((i) => i.providerId === providerId).map((i) => i.payoutsMinor)).toEqual([0n]);
    await reconciles();
  });

  it("invoices what the prepaid balance did not cover on a 'Cashback paid out to your members' line; paid settles it", async () => {
    const s = await setup(5_000n);
    const providerId = await providerOf(s);
    await topUp(providerId, 1_000n);
    const id = await paidWithdrawal(s, 2_500n);
    expect(await db.payoutCharge.findFirstOrThrow({ where: { withdrawalId: id } })).toMatchObject({ prepaidMinor: 1_000n, invoicedMinor: 0n });

    const [invoice] = (await invoiceMonth(db, { period: thisMonth() })).filter((i) => i.providerId === providerId);
    expect(invoice).toMatchObject({ payoutsMinor: 1_500n, payouts: 1 });
    const stripeInvoice = fake.invoices.get(invoice?.stripeInvoiceId ?? "");
    const lines = (stripeInvoice?.lines as { data: { amount: number; description: string }[] }).data;
    expect(lines).toContainEqual(expect.objectContaining({ amount: 1_500, description: expect.stringContaining("Cashback paid out to your members") }));
    expect(await db.payoutCharge.findFirstOrThrow({ where: { withdrawalId: id } })).toMatchObject({ invoicedMinor: 1_500n, invoiceId: invoice?.invoiceId });
    // Invoiced: off the liability, onto what the provider owes on invoices.
    expect(await liability(providerId)).toBe(-2_500n);
    expect(await getProviderFunding(db, providerId)).toMatchObject({ currencies: [{ prepaidMinor: 0n, owedMinor: 0n, invoicedMinor: 1_500n }] });
    // Invoicing again puts nothing on twice.
    expect((await invoiceMonth(db, { period: thisMonth() })).filter((i) => i.providerId === providerId)).toEqual([]);
    await reconciles();

    const owedBefore = await feesOwed(providerId);
    const paidBefore = await balance(db, externalAccount("stripe", "EUR"));
    await fake.handle(new Request(`https://api.stripe.com/invoices/${invoice?.stripeInvoiceId}/pay`, { method: "POST" }));
    const paid = anEvent("invoice.paid", fake.invoices.get(invoice?.stripeInvoiceId ?? "") ?? {});
    expect((await deliver(paid)).json).toMatchObject({ status: "processed" });
    expect((await feesOwed(providerId)) - owedBefore).toBe(invoice?.amountMinor);
    expect(paidBefore - (await balance(db, externalAccount("stripe", "EUR")))).toBe(invoice?.amountMinor);
    expect(await getProviderFunding(db, providerId)).toMatchObject({ currencies: [{ invoicedMinor: 0n }], unpaidInvoices: [] });
    await reconciles();
  });

  it("shows a failed invoice payment to the owner and platform admins until it is paid", async () => {
    const s = await setup(5_000n);
    const providerId = await providerOf(s);
    await paidWithdrawal(s, 2_000n);
    const [invoice] = (await invoiceMonth(db, { period: thisMonth() })).filter((i) => i.providerId === providerId);
    const stripeId = invoice?.stripeInvoiceId ?? "";
    await fake.handle(new Request(`https://api.stripe.com/sandbox/invoices/${stripeId}/fail-payment`, { method: "POST" }));
    expect((await deliver(anEvent("invoice.payment_failed", fake.invoices.get(stripeId) ?? {}))).status).toBe(200);
    const funding = await getProviderFunding(db, providerId);
    expect(funding.unpaidInvoices).toEqual([expect.objectContaining({ id: invoice?.invoiceId, status: "open", paymentFailed: true, payoutsMinor: 2_000n })]);
    const { listFailedInvoices } = await import("./list-failed-invoices");
    expect((await listFailedInvoices(db)).find((i) => i.invoiceId === invoice?.invoiceId)).toMatchObject({
      providerId,
      currency: "EUR",
      amountMinor: invoice?.amountMinor,
      payoutsMinor: 2_000n,
      status: "open",
      failureReason: "Your card was declined.",
    });

    await fake.handle(new Request(`https://api.stripe.com/invoices/${stripeId}/pay`, { method: "POST" }));
    await deliver(anEvent("invoice.paid", fake.invoices.get(stripeId) ?? {}));
    expect((await getProviderFunding(db, providerId)).unpaidInvoices).toEqual([]);
    expect((await listFailedInvoices(db)).map((i) => i.invoiceId)).not.toContain(invoice?.invoiceId);
    await reconciles();
  });

  it("makes a withdrawal beyond the funded balance wait, tells the member, and sends it once the business tops up", async () => {
    const s = await setup(8_000n);
    const providerId = await providerOf(s);
    await db.program.update({ where: { id: s.programId }, data: { withdrawOnlyFunded: true, lowBalanceThresholdMinor: 1_000n } });
    await topUp(providerId, 2_000n);
    const first = await confirmed(s, 1_500n);
    expect(first.status).toBe("PROCESSING");
    // 2,000 prepaid less 1,500 already on its way: 3,000 more must wait.
    const waiting = await confirmed(s, 3_000n);
    expect(waiting.status).toBe("AWAITING_FUNDING");
    const note = await db.notification.findFirstOrThrow({ where: { userId: s.userId, kind: "WITHDRAWAL" }, orderBy: { id: "desc" } });
    expect(note.data).toMatchObject({ withdrawalId: waiting.id, status: "AWAITING_FUNDING" });

    await payoutSays(first.id, "paid");
    expect(await prepaid(providerId)).toBe(500n);
    const owner = await db.staffMember.findFirstOrThrow({ where: { providerId, role: "OWNER" }, select: { user: { select: { email: true } } } });
    expect(await db.emailMessage.findFirst({ where: { to: owner.user.email, subject: { contains: "prepaid balance is €5.00" } } })).not.toBeNull();
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("AWAITING_FUNDING");

    await topUp(providerId, 2_000n); // 2,500: still short
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("AWAITING_FUNDING");
    await topUp(providerId, 1_000n);
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("PROCESSING");
    await payoutSays(waiting.id, "paid");
    expect(await db.payoutCharge.findFirstOrThrow({ where: { withdrawalId: waiting.id } })).toMatchObject({ amountMinor: 3_000n, prepaidMinor: 3_000n });
    expect(await prepaid(providerId)).toBe(500n);
    expect(await balance(db, platformAccount("PAYOUTS_CLEARING", "EUR"))).toBeGreaterThanOrEqual(4_500n);
    await reconciles();
  });

  it("marks a top-up whose Checkout Stripe expired as abandoned, credits nothing, and a late event changes nothing", async () => {
    const s = await setup(5_000n);
    const providerId = await providerOf(s);
    const owner = await db.staffMember.findFirstOrThrow({ where: { providerId, role: "OWNER" } });
    const { topUpId } = await startTopUp(db, { providerId, userId: owner.userId, currency: "EUR", amountMinor: 2_500n });
    const { checkoutSessionId } = await db.providerTopUp.findUniqueOrThrow({ where: { id: topUpId } });
    expect((await listTopUps(db, providerId)).map((t) => [t.id, t.status, t.amountMinor])).toEqual([[topUpId, "open", 2_500n]]);

    // The owner left Stripe's page; a day later Stripe expires the session (the sandbox's test control) and says so.
    const res = await fake.handle(new Request(`https://api.stripe.com/sandbox/checkout/${checkoutSessionId}/expire`, { method: "POST" }));
    expect(res.status).toBe(200);
    const expired = anEvent("checkout.session.expired", fake.sessions.get(checkoutSessionId ?? "") ?? {});
    expect((await deliver(expired)).json).toMatchObject({ status: "processed" });
    expect(await db.providerTopUp.findUniqueOrThrow({ where: { id: topUpId } })).toMatchObject({ status: "expired", paidAt: null });
    expect((await listTopUps(db, providerId)).map((t) => t.status)).toEqual(["expired"]);
    expect(await prepaid(providerId)).toBe(0n);
    expect(await db.ledgerTransaction.count({ where: { referenceType: "provider_top_up", referenceId: topUpId } })).toBe(0);

    // A completed event for the same session (out of order, or forged) re-reads Stripe: still expired, nothing credited.
    expect((await deliver(anEvent("checkout.session.completed", fake.sessions.get(checkoutSessionId ?? "") ?? {}))).json).toMatchObject({ status: "processed" });
    expect(await prepaid(providerId)).toBe(0n);
    expect(await getProviderFunding(db, providerId)).toMatchObject({ currencies: [] });
    await reconciles();
  });

  it("clears the fees owed when an invoice holding a payout the bank returned is voided: nothing is owed for it and nothing credited", async () => {
    const s = await setup(5_000n);
    const providerId = await providerOf(s);
    const id = await paidWithdrawal(s, 2_000n);
    const [invoice] = (await invoiceMonth(db, { period: thisMonth() })).filter((i) => i.providerId === providerId);
    expect(invoice).toMatchObject({ payoutsMinor: 2_000n });
    const commission = (invoice?.amountMinor ?? 0n) - 2_000n;
    expect(commission).toBeGreaterThan(0n);
    expect(await feesOwed(providerId)).toBe(-(commission + 2_000n));

    // The bank returns the payout while the invoice is open: the member has it back; the business owes nothing for it.
    await payoutSays(id, "failed");
    expect(await feesOwed(providerId)).toBe(-commission);
    expect(await prepaid(providerId)).toBe(0n); // credited only if the invoice is paid
    await reconciles();

    // The invoice is voided: its commission is invoiced again; the returned payout leaves nothing owed or credited.
    const stripeId = invoice?.stripeInvoiceId ?? "";
    await fake.handle(new Request(`https://api.stripe.com/v1/invoices/${stripeId}/void`, { method: "POST", headers: { authorization: "Bearer sk_test" } }));
    expect((await deliver(anEvent("invoice.voided", fake.invoices.get(stripeId) ?? {}))).json).toMatchObject({ status: "processed" });
    expect(await feesOwed(providerId)).toBe(-commission);
    expect(await prepaid(providerId)).toBe(0n);
    expect((await getProviderFunding(db, providerId)).unpaidInvoices).toEqual([]);
    expect((await getProviderFunding(db, providerId)).currencies.every((c) => c.prepaidMinor === 0n && c.owedMinor === 0n && c.invoicedMinor === 0n)).toBe(true);
    const [again] = (await invoiceMonth(db, { period: thisMonth() })).filter((i) => i.providerId === providerId);
    expect(again).toMatchObject({ payoutsMinor: 0n, amountMinor: commission });
    await reconciles();

    // Paying the new invoice clears the fees owed to zero: the voided invoice left nothing behind.
    await fake.handle(new Request(`https://api.stripe.com/invoices/${again?.stripeInvoiceId}/pay`, { method: "POST" }));
    expect((await deliver(anEvent("invoice.paid", fake.invoices.get(again?.stripeInvoiceId ?? "") ?? {}))).json).toMatchObject({ status: "processed" });
    expect(await feesOwed(providerId)).toBe(0n);
    expect(await prepaid(providerId)).toBe(0n);
    await reconciles();
  });

  it("credits a returned payout's invoiced part to the prepaid balance once its invoice is paid", async () => {
    const s = await setup(5_000n);
    const providerId = await providerOf(s);
    const id = await paidWithdrawal(s, 2_000n);
    const [invoice] = (await invoiceMonth(db, { period: thisMonth() })).filter((i) => i.providerId === providerId);
    await payoutSays(id, "failed");
    expect(await prepaid(providerId)).toBe(0n);

    // The business pays the whole invoice anyway: the 2,000 it paid for the returned payout becomes prepaid balance.
    const stripeId = invoice?.stripeInvoiceId ?? "";
    await fake.handle(new Request(`https://api.stripe.com/invoices/${stripeId}/pay`, { method: "POST" }));
    const paid = anEvent("invoice.paid", fake.invoices.get(stripeId) ?? {});
    expect((await deliver(paid)).json).toMatchObject({ status: "processed" });
    expect(await prepaid(providerId)).toBe(2_000n);
    expect(await feesOwed(providerId)).toBe(0n);
    expect(await db.payoutCharge.findFirstOrThrow({ where: { withdrawalId: id } })).toMatchObject({ invoicedMinor: 2_000n, creditedMinor: 2_000n });
    await reconciles();
    // A payout returned after its invoice was paid is credited at once (as before).
    const later = await paidWithdrawal(s, 1_000n); // drawn from the 2,000 prepaid
    expect(await prepaid(providerId)).toBe(1_000n);
    await payoutSays(later, "failed");
    expect(await prepaid(providerId)).toBe(2_000n);
    await reconciles();
  });
});
