import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, CardContent, CardHeader, CardTitle, EmptyState, Money, PageHeader, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { BillingRecordsTable } from "@/components/provider/billing/billing-records-table";
import { InvoiceStatusBadge } from "@/components/provider/billing/invoice-status-badge";
import { getMonthDetail } from "@/lib/billing/get-money-by-month";
import { listBillingRecords } from "@/lib/billing/list-billing-records";
import { requireStaff } from "@/lib/providers/require-staff";

export const metadata: Metadata = { title: "Billing month" };

const link = "font-medium text-brand-emphasis underline-offset-4 hover:underline";

export default async function BillingMonthPage({ params }: { params: Promise<{ month: string }> }) {
  const { month } = await params;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) notFound();
  const { provider } = await requireStaff(["OWNER"], `/dashboard/billing/${month}`);
  const period = new Date(`${month}-01T00:00:00Z`);
  const [{ charges, topUps }, records] = await Promise.all([getMonthDetail(provider.id, period), listBillingRecords(provider.id, { period, limit: 500 })]);
  const title = period.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

  return (
    <div className="space-y-6">
      <PageHeader title={`Billing: ${title}`} description="The withdrawals, awards and top-ups behind this month's lines." />
      <p>
        <Link href="/dashboard/billing" className={link}>
          Back to billing
        </Link>
      </p>
      <Card id="payouts">
        <CardHeader>
          <CardTitle as="h2">Cashback paid out to your members</CardTitle>
        </CardHeader>
        <CardContent>
          {charges.length === 0 ? (
            <EmptyState title="No payouts this month" description="When a member's withdrawal is paid, it is charged to you here." />
          ) : (
            <Table label="Payouts">
              <THead>
                <TR>
                  <TH>Date</TH>
                  <TH>Member</TH>
                  <TH numeric>Amount</TH>
                  <TH numeric>From prepaid</TH>
                  <TH>Invoice</TH>
                </TR>
              </THead>
              <TBody>
                {charges.map((c) => (
                  <TR key={c.id} data-testid="payout-charge">
                    <TD className="whitespace-nowrap">{c.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
                    <TD>
                      <Link href={`/dashboard/members/${c.withdrawal.memberId}`} className={link}>
                        {c.withdrawal.member.code}
                      </Link>{" "}
                      <span className="text-xs text-muted-foreground">
                        {c.program.name} · withdrawal {c.withdrawal.id.slice(0, 8)}
                      </span>
                      {c.chargedBackAt ? <Badge variant="info">Returned by the bank: charge given back</Badge> : null}
                    </TD>
                    <TD numeric>
                      <Money amountMinor={c.amountMinor} currency={c.currency} />
                    </TD>
                    <TD numeric>
                      <Money amountMinor={c.prepaidMinor} currency={c.currency} />
                    </TD>
                    <TD>
                      {c.invoice ? (
                        <InvoiceStatusBadge status={c.invoice.status} />
                      ) : c.prepaidMinor === c.amountMinor ? (
                        <span className="text-sm text-muted-foreground">Prepaid</span>
                      ) : (
                        <span className="text-sm text-muted-foreground">Next invoice</span>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <Card id="awards">
        <CardHeader>
          <CardTitle as="h2">Commission on awards</CardTitle>
        </CardHeader>
        <CardContent>
          {records.length === 0 ? <EmptyState title="No awards this month" description="Commission accrues as you award cashback." /> : <BillingRecordsTable records={records} />}
        </CardContent>
      </Card>
      <Card id="top-ups">
        <CardHeader>
          <CardTitle as="h2">Prepaid top-ups</CardTitle>
        </CardHeader>
        <CardContent>
          {topUps.length === 0 ? (
            <EmptyState title="No top-ups this month" description="Top up your prepaid balance from the Billing page." />
          ) : (
            <ul className="space-y-1 text-sm">
              {topUps.map((t) => (
                <li key={t.id}>
                  {t.paidAt?.toLocaleDateString("en-GB", { dateStyle: "medium" })}: <Money amountMinor={t.amountMinor} currency={t.currency} />
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
