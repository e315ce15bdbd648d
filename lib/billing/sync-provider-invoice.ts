import "server-only";
import type { Tx } from "@/lib/db/client";
import { externalAccount, post, providerAccount } from "@/lib/ledger";
import { stripe } from "@/lib/stripe/client";

/**
 * Converges a provider's commission invoice on Stripe's current view of it (status, hosted link). When it is
 * paid, the fees it covers are settled in the ledger (money in from outside → the provider's fees owed),
 * once. When it is voided, its billing records are given back, so they are invoiced again (invoiceMonth):
 * voiding cancels a document, it does not forgive the commission (docs/money-rules.md, "Commission").
 * An invoice that is not one of ours (a membership invoice) is ignored.
 */
export async function syncProviderInvoice(tx: Tx, stripeInvoiceId: string): Promise<{ invoiceId: string; status: string } | null> {
  const [row] = await tx.$queryRaw<{ id: string; provider_id: string; currency: "EUR" | "USD" | "GBP" | "CAD" | "PTS"; amount_minor: bigint }[]>`
    SELECT id, provider_id, currency, amount_minor FROM provider_invoices WHERE stripe_invoice_id = ${stripeInvoiceId} FOR UPDATE`;
  if (!row) return null;
  const invoice = await stripe().invoices.retrieve(stripeInvoiceId);
  const status = invoice.status ?? "draft";
  await tx.providerInvoice.update({ where: { id: row.id }, data: { status, hostedUrl: invoice.hosted_invoice_url ?? null } });
  if (status === "void") await tx.billingRecord.updateMany({ where: { invoiceId: row.id }, data: { invoiceId: null } });
  if (status === "paid" && row.amount_minor > 0n) {
    await post(tx, {
      idempotencyKey: `billing:invoice:${row.id}:settle`,
      kind: "SETTLE",
      reference: { type: "provider_invoice", id: row.id },
      metadata: { stripeInvoiceId },
      entries: [
        { account: providerAccount(row.provider_id, "PROVIDER_FEES_OWED", row.currency), amount: row.amount_minor },
        { account: externalAccount("stripe", row.currency), amount: -row.amount_minor },
      ],
    });
  }
  return { invoiceId: row.id, status };
}
