import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CashbackChart } from "@/components/provider/overview/cashback-chart";
import { Badge, Card, CardContent, CardHeader, CardTitle, Money, PageHeader, Stat, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { getPlatformOverview, type CurrencyAmount } from "@/lib/admin/get-platform-overview";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/money/format";

export const metadata: Metadata = { title: "Platform overview" };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

function Amounts({ list }: { list: CurrencyAmount[] }) {
  if (list.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <>
      {list.map((a) => (
        <Money key={a.currency} amountMinor={a.amountMinor} currency={a.currency} className="block" />
      ))}
    </>
  );
}

export default async function PlatformOverviewPage() {
  const user = await requireUser("/admin/overview");
  if (!user.roles.admin) notFound();
  const o = await getPlatformOverview(db);
  const flows = [
    { label: "Cashback issued", flow: o.issued },
    { label: "Redeemed (spent)", flow: o.redeemed },
    { label: "Withdrawn", flow: o.withdrawn },
    { label: "Expired", flow: o.expired },
  ];
  const reconciliation = o.lastReconciliation;

  return (
    <div className="space-y-6">
      <PageHeader title="Platform overview" description="Money and health across every business, from the ledger. Days are UTC." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Providers" value={o.providers.ACTIVE + o.providers.PENDING + o.providers.SUSPENDED} hint={`${o.providers.ACTIVE} active · ${o.providers.PENDING} pending · ${o.providers.SUSPENDED} suspended`} />
        <Stat label="Members" value={o.members.toLocaleString("en-GB")} />
        <Stat label="Liability outstanding" value={<Amounts list={o.liability} />} hint="What members hold: pending, available and held" />
        <Stat label="Payouts clearing" value={<Amounts list={o.payoutsClearing} />} hint="Paid out, still within the bank's return window" />
        <Stat label="Guard hits, 24 h" value={o.guardHits24h.toLocaleString("en-GB")} />
        <Stat
          label="Withdrawals to approve"
          value={o.withdrawalsAwaitingApproval}
          hint={
            <Link href="/admin/withdrawals" className="underline underline-offset-2">
              Open the queue
            </Link>
          }
        />
        <Stat
          label="Last reconcile"
          value={reconciliation ? <Badge variant={reconciliation.ok ? "success" : "danger"}>{reconciliation.ok ? "balanced" : `${reconciliation.discrepancies.length} discrepancies`}</Badge> : "never run"}
          hint={
            reconciliation ? (
              <>
                {when(reconciliation.checkedAt)} ·{" "}
                <Link href="/admin/ledger" className="underline underline-offset-2">
                  Ledger
                </Link>
              </>
            ) : (
              <Link href="/admin/ledger" className="underline underline-offset-2">
                Run it on the Ledger page
              </Link>
            )
          }
        />
        <Stat
          label="Commission earned / invoiced"
          value={
            o.commission.length === 0 ? (
              <span className="text-muted-foreground">—</span>
            ) : (
              o.commission.map((c) => (
                <span key={c.currency} className="block text-base">
                  <Money amountMinor={c.earnedMinor} currency={c.currency} /> / <Money amountMinor={c.invoicedMinor} currency={c.currency} />
                </span>
              ))
            )
          }
        />
      </div>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Cashback flows</CardTitle>
        </CardHeader>
        <CardContent>
          <Table>
            <THead>
              <TR>
                <TH>Movement</TH>
                <TH numeric>Today</TH>
                <TH numeric>Last 30 days</TH>
              </TR>
            </THead>
            <TBody>
              {flows.map((f) => (
                <TR key={f.label}>
                  <TD>{f.label}</TD>
                  <TD numeric>
                    <Amounts list={f.flow.today} />
                  </TD>
                  <TD numeric>
                    <Amounts list={f.flow.days30} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </CardContent>
      </Card>

      {o.issuedSeries.map((s) => {
        const total = s.points.reduce((sum, p) => sum + p.amountMinor, 0n);
        return (
          <Card key={s.currency}>
            <CardHeader>
              <CardTitle as="h2">Cashback issued per day, {s.currency}</CardTitle>
            </CardHeader>
            <CardContent>
              <CashbackChart
                currency={s.currency}
                points={s.points.map((p) => ({ day: p.day, amountMinor: p.amountMinor.toString() }))}
                summary={`Cashback issued per day over the last 30 days in ${s.currency}: ${formatMoney(total, s.currency)} in total.`}
              />
            </CardContent>
          </Card>
        );
      })}
    </div>
  );
}
