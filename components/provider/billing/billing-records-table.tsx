import Link from "next/link";
import { Badge, Money, StatusBadge, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { RewardStatus } from "@/components/ui";
import { formatBps } from "@/lib/money/bps";
import type { Currency } from "@/lib/money/currency";
import { InvoiceStatusBadge } from "./invoice-status-badge";

export type BillingRecordRow = {
  id: string;
  kind: "COMMISSION" | "CREDIT";
  createdAt: Date;
  /** The month the award belongs to (its first day, UTC): the month whose invoice bills it. */
  period: Date;
  awardMinor: bigint;
  rateBps: number;
  commissionMinor: bigint;
  currency: Currency;
  invoice: { id: string; status: string } | null;
  reward: { status: RewardStatus; memberId: string; purchase: { orderId: string }; member: { code: string } } | null;
};

export function BillingRecordsTable({ records }: { records: BillingRecordRow[] }) {
  return (
    <Table label="Billing records">
      <THead>
        <TR>
          <TH>Recorded</TH>
          <TH>Month</TH>
          <TH>Award</TH>
          <TH numeric>Cashback</TH>
          <TH numeric>Rate</TH>
          <TH numeric>Commission</TH>
          <TH>Invoice</TH>
        </TR>
      </THead>
      <TBody>
        {records.map((r) => (
          <TR key={r.id} data-testid="billing-record">
            <TD className="whitespace-nowrap">{r.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
            <TD className="whitespace-nowrap">{r.period.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" })}</TD>
            <TD>
              {r.reward ? (
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/dashboard/members/${r.reward.memberId}`} className="font-medium text-brand-emphasis underline-offset-4 hover:underline">
                    Order {r.reward.purchase.orderId}
                  </Link>
                  <span className="font-mono text-xs text-muted-foreground">{r.reward.member.code}</span>
                  <StatusBadge status={r.reward.status} />
                  {r.kind === "CREDIT" ? <Badge variant="info">Credit: award reversed or reduced</Badge> : null}
                </div>
              ) : (
                <span className="text-muted-foreground">Reward no longer available</span>
              )}
            </TD>
            <TD numeric>
              <Money amountMinor={r.awardMinor} currency={r.currency} />
            </TD>
            <TD numeric>{formatBps(r.rateBps)}</TD>
            <TD numeric>
              <Money amountMinor={r.commissionMinor} currency={r.currency} />
            </TD>
            <TD>{r.invoice ? <InvoiceStatusBadge status={r.invoice.status} /> : <span className="text-sm text-muted-foreground">Not invoiced yet</span>}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
