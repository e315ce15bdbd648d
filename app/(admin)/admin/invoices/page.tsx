import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReceiptText } from "lucide-react";
import { Card, CardContent, EmptyState, Money, PageHeader, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { InvoiceStatusBadge } from "@/components/provider/billing/invoice-status-badge";
import { listFailedInvoices, type FailedInvoice } from "@/lib/billing/list-failed-invoices";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Failed invoices" };

const month = (period: string) => new Date(`${period}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
const reasonOf = (i: FailedInvoice) => i.failureReason ?? "Stripe gave no reason";

function ProviderLink({ invoice }: { invoice: FailedInvoice }) {
  return (
    <Link href={`/admin/providers/${invoice.providerId}`} className="font-medium text-brand-emphasis underline-offset-4 hover:underline">
      {invoice.providerName}
    </Link>
  );
}

/** What the invoice covers: the total, and the part that is cashback paid out to members. */
function Amount({ invoice }: { invoice: FailedInvoice }) {
  return (
    <>
      <Money amountMinor={invoice.amountMinor} currency={invoice.currency} />
      {invoice.payoutsMinor > 0n ? (
        <span className="block text-xs text-muted-foreground">
          of which payouts <Money amountMinor={invoice.payoutsMinor} currency={invoice.currency} />
        </span>
      ) : null}
    </>
  );
}

export default async function FailedInvoicesPage() {
  const user = await requireUser("/admin/invoices");
  if (!user.roles.admin) notFound();
  const invoices = await listFailedInvoices(db, { take: 200 });
  return (
    <div className="space-y-6">
      <PageHeader
        title="Failed invoices"
        description="Businesses' monthly invoices (commission and cashback paid out to their members) whose payment failed and that are not paid yet, oldest failure first. Stripe's dunning keeps retrying; open a business to contact it or suspend it."
      />
      {invoices.length === 0 ? (
        <EmptyState icon={<ReceiptText />} title="No failed invoices" description="Every business's invoices were paid or are still within their first attempt." />
      ) : (
        <>
          {/* Phones: one card per invoice. */}
          <ul className="space-y-3 sm:hidden" aria-label="Failed invoices">
            {invoices.map((i) => (
              <li key={i.invoiceId} data-testid="failed-invoice">
                <Card>
                  <CardContent className="space-y-2 p-4 text-sm">
                    <div className="flex items-start justify-between gap-3">
                      <ProviderLink invoice={i} />
                      <InvoiceStatusBadge status={i.status} />
                    </div>
                    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                      <dt className="text-muted-foreground">Month</dt>
                      <dd>{month(i.period)}</dd>
                      <dt className="text-muted-foreground">Amount</dt>
                      <dd>
                        <Amount invoice={i} />
                      </dd>
                      <dt className="text-muted-foreground">Reason</dt>
                      <dd>{reasonOf(i)}</dd>
                      <dt className="text-muted-foreground">Failed</dt>
                      <dd>{when(i.failedAt)}</dd>
                    </dl>
                  </CardContent>
                </Card>
              </li>
            ))}
          </ul>
          {/* Larger screens: a table. */}
          <div className="hidden sm:block">
            <Table label="Failed invoices">
              <THead>
                <TR>
                  <TH>Business</TH>
                  <TH>Month</TH>
                  <TH numeric>Amount</TH>
                  <TH>Failure reason</TH>
                  <TH>Failed</TH>
                  <TH>Status</TH>
                </TR>
              </THead>
              <TBody>
                {invoices.map((i) => (
                  <TR key={i.invoiceId} data-testid="failed-invoice-row">
                    <TD>
                      <ProviderLink invoice={i} />
                    </TD>
                    <TD>{month(i.period)}</TD>
                    <TD numeric>
                      <Amount invoice={i} />
                    </TD>
                    <TD>{reasonOf(i)}</TD>
                    <TD className="whitespace-nowrap">{when(i.failedAt)}</TD>
                    <TD>
                      <InvoiceStatusBadge status={i.status} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        </>
      )}
    </div>
  );
}
