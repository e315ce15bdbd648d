import type { Db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { stripe } from "@/lib/stripe/client";
import { accrueCommissions } from "./accrue-commissions";
import { periodOf } from "./commission-tiers";
import { ensureProviderCustomer } from "./ensure-provider-customer";
import { invoicePayoutCharges } from "./invoice-payout-charges";

export type InvoicedMonth = {
  providerId: string;
  currency: Currency;
  invoiceId: string;
  stripeInvoiceId: string;
  amountMinor: bigint;
  /** The part of amountMinor that is cashback paid out to members (the rest is commission). */
  payoutsMinor: bigint;
  records: number;
  payouts: number;
  status: string;
};

const monthName = (period: Date) => period.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Invoices a month's commission and the cashback paid out to members (payout charges the prepaid balance did
 * not cover) through Stripe: per provider and currency, one invoice (created once per provider/month/currency)
 * with one invoice item for the month's billing records and one "Cashback paid out to your members" item for
 * its payout charges, finalized and sent by
 * Stripe to the provider's billing e-mail. Records accrued late for an earlier month ride on the next invoice, and so do
 * the records of a voided invoice (the month can be invoiced again). Safe to re-run: finished invoices
 * are skipped, and a run that stopped half-way resumes with the same Stripe objects (idempotency keys).
 */
export async function invoiceMonth(db: Db, opts: { period: Date; providerId?: string }): Promise<InvoicedMonth[]> {
  const period = periodOf(opts.period);
  // Whatever was awarded (or reversed) and not yet accounted for belongs on this invoice too.
  for (;;) {
    const { accrued, credited } = await accrueCommissions(db);
    if (accrued === 0 && credited === 0) break;
  }
  const groups = await db.$queryRaw<{ provider_id: string; currency: Currency }[]>`
    SELECT DISTINCT b.provider_id, b.currency FROM billing_records b
     WHERE b.invoice_id IS NULL AND b.period <= ${period}::date AND b.commission_minor <> 0
    UNION
    SELECT i.provider_id, i.currency FROM provider_invoices i WHERE i.period = ${period}::date AND i.stripe_invoice_id IS NULL AND i.status = 'draft'
    UNION
    SELECT c.provider_id, c.currency FROM payout_charges c
     WHERE c.invoice_id IS NULL AND c.charged_back_at IS NULL AND c.amount_minor > c.prepaid_minor AND c.period <= ${period}::date`;
  const results: InvoicedMonth[] = [];
  for (const group of groups) {
    // One business only, when the operator asks for it (billing:invoice-month --provider).
    if (opts.providerId && group.provider_id !== opts.providerId) continue;
    const result = await invoiceOne(db, group.provider_id, group.currency, period);
    if (result) results.push(result);
  }
  return results;
}

/** A month that nets to nothing (or less) is not invoiced: thrown to roll back the records just attached. */
class NothingToInvoice extends Error {}

async function invoiceOne(db: Db, providerId: string, currency: Currency, period: Date): Promise<InvoicedMonth | null> {
  const row = await db
    .$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`billing-invoice:${providerId}:${currency}:${period.toISOString()}`}))`;
      const latest = await tx.providerInvoice.findFirst({ where: { providerId, period, currency }, orderBy: { attempt: "desc" } });
      // Already with Stripe: late records wait for next month's invoice. A voided invoice gave its records back
      // (syncProviderInvoice): the month is invoiced again, under the next attempt.
      if (latest?.stripeInvoiceId && latest.status !== "draft" && latest.status !== "void") return null;
      const invoice =
        latest && latest.status !== "void"
          ? latest
          : await tx.providerInvoice.create({ data: { providerId, period, currency, amountMinor: 0n, status: "draft", attempt: latest ? latest.attempt + 1 : 0 } });
      // Attach first, then total what is attached: a record accrued meanwhile is either on the invoice and in
      // its total, or on neither. Credits for reversed awards are netted against commission.
      await tx.billingRecord.updateMany({ where: { providerId, currency, invoiceId: null, period: { lte: period } }, data: { invoiceId: invoice.id } });
      const kinds = await tx.billingRecord.groupBy({ by: ["kind"], where: { invoiceId: invoice.id, commissionMinor: { not: 0n } }, _sum: { commissionMinor: true }, _count: { _all: true } });
      const commissionMinor = kinds.reduce((sum, k) => sum + (k._sum.commissionMinor ?? 0n), 0n);
      // Payouts the prepaid balance did not cover: from owed (liability) to invoiced (fees owed), in this transaction.
      await invoicePayoutCharges(tx, { invoiceId: invoice.id, providerId, currency, period });
      const payouts = await tx.payoutCharge.aggregate({ where: { invoiceId: invoice.id, invoicedMinor: { gt: 0n } }, _sum: { invoicedMinor: true }, _count: { _all: true } });
      const payoutsMinor = payouts._sum.invoicedMinor ?? 0n;
      const amountMinor = commissionMinor + payoutsMinor;
      // A month that nets to nothing (or less) is not invoiced; its records wait to be netted on the next invoice.
      if (amountMinor <= 0n) throw new NothingToInvoice();
      const count = (kind: "COMMISSION" | "CREDIT") => kinds.find((k) => k.kind === kind)?._count._all ?? 0;
      const updated = await tx.providerInvoice.update({ where: { id: invoice.id }, data: { amountMinor, payoutsMinor } });
      return { ...updated, commissionMinor, records: count("COMMISSION"), credits: count("CREDIT"), payouts: payouts._count._all };
    })
    .catch((error: unknown) => {
      if (error instanceof NothingToInvoice) return null;
      throw error;
    });
  if (!row) return null;

  const customer = await ensureProviderCustomer(db, providerId);
  const client = stripe();
  const created =
    row.stripeInvoiceId !== null
      ? await client.invoices.retrieve(row.stripeInvoiceId)
      : await client.invoices.create(
          {
            customer,
            currency: currency.toLowerCase(),
            collection_method: "send_invoice",
            days_until_due: 14,
            auto_advance: false,
            pending_invoice_items_behavior: "exclude",
            description: `Boomerang commission and cashback paid out to your members, ${monthName(period)}`,
            metadata: { providerInvoiceId: row.id, providerId, period: period.toISOString().slice(0, 7) },
          },
          { idempotencyKey: `boomerang-provider-invoice:${row.id}` },
        );
  if (!created.id) throw new Error("Stripe returned an invoice without an id");
  await db.providerInvoice.update({ where: { id: row.id }, data: { stripeInvoiceId: created.id, status: created.status ?? "draft" } });
  let final = created;
  if (created.status === "draft") {
    if (row.commissionMinor !== 0n) await client.invoiceItems.create(
      {
        customer,
        invoice: created.id,
        currency: currency.toLowerCase(),
        amount: Number(row.commissionMinor),
        description:
          `Commission on ${row.records} cashback award${row.records === 1 ? "" : "s"} (${monthName(period)})` +
          (row.credits > 0 ? `, less ${row.credits} credit${row.credits === 1 ? "" : "s"} for awards reversed or reduced` : ""),
        metadata: { providerInvoiceId: row.id },
      },
      { idempotencyKey: `boomerang-provider-invoice-item:${row.id}` },
    );
    if (row.payoutsMinor > 0n) {
      await client.invoiceItems.create(
        {
          customer,
          invoice: created.id,
          currency: currency.toLowerCase(),
          amount: Number(row.payoutsMinor),
          description: `Cashback paid out to your members: ${row.payouts} withdrawal${row.payouts === 1 ? "" : "s"} not covered by your prepaid balance`,
          metadata: { providerInvoiceId: row.id, kind: "payouts" },
        },
        { idempotencyKey: `boomerang-provider-invoice-payouts:${row.id}` },
      );
    }
    final = await client.invoices.finalizeInvoice(created.id, {}, { idempotencyKey: `boomerang-provider-invoice-finalize:${row.id}` });
  }
  // Finalizing does not e-mail a send_invoice invoice: Stripe sends it (with its payment page) when asked.
  if (final.status === "open") final = await client.invoices.sendInvoice(created.id, {}, { idempotencyKey: `boomerang-provider-invoice-send:${row.id}` });
  const status = final.status ?? "open";
  await db.providerInvoice.update({ where: { id: row.id }, data: { status, hostedUrl: final.hosted_invoice_url ?? null } });
  return { providerId, currency, invoiceId: row.id, stripeInvoiceId: created.id, amountMinor: row.amountMinor, payoutsMinor: row.payoutsMinor, records: row.records, payouts: row.payouts, status };
}

/** The month before `at` (the monthly job invoices the month that just ended). */
export function previousMonth(at: Date = new Date()): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1));
}
