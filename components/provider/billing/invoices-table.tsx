import { ExternalLink } from "lucide-react";
import { Badge, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { Currency } from "@/lib/money/currency";
import { InvoiceStatusBadge } from "./invoice-status-badge";

export type InvoiceRow = { id: string; period: Date; currency: Currency; amountMinor: bigint; status: string; hostedUrl: string | null; records: number; payoutsMinor: bigint; paymentFailedAt: Date | null };

const month = (d: Date) => d.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

export function InvoicesTable({ invoices }: { invoices: InvoiceRow[] }) {
  return (
    <Table label="Invoices">
      <THead>
        <TR>
          <TH>Month</TH>
          <TH>Status</TH>
          <TH numeric>Awards</TH>
          <TH numeric>Cashback paid out</TH>
          <TH numeric>Amount</TH>
          <TH>
            <span className="sr-only">Invoice</span>
          </TH>
        </TR>
      </THead>
      <TBody>
        {invoices.map((i) => (
          <TR key={i.id}>
            <TD className="whitespace-nowrap">{month(i.period)}</TD>
            <TD>
              <InvoiceStatusBadge status={i.status} />
              {i.paymentFailedAt && i.status !== "paid" && i.status !== "void" ? (
                <Badge variant="danger" className="ml-2">
                  Payment failed
                </Badge>
              ) : null}
            </TD>
            <TD numeric>{i.records}</TD>
            <TD numeric>
              <Money amountMinor={i.payoutsMinor} currency={i.currency} />
            </TD>
            <TD numeric>
              <Money amountMinor={i.amountMinor} currency={i.currency} />
            </TD>
            <TD className="whitespace-nowrap">
              {i.hostedUrl ? (
                <a href={i.hostedUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-sm font-medium text-brand-emphasis underline-offset-4 hover:underline">
                  {i.status === "open" ? "View and pay" : "View"}
                  <ExternalLink aria-hidden className="size-3.5" />
                </a>
              ) : (
                <span className="text-sm text-muted-foreground">Not sent yet</span>
              )}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
