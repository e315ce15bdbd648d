import type { Metadata } from "next";
import { FileText, Receipt } from "lucide-react";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Money, PageHeader, Stat } from "@/components/ui";
import { FundingCard } from "@/components/provider/billing/funding-card";
import { MoneyByMonthTable } from "@/components/provider/billing/money-by-month-table";
import { getMoneyByMonth } from "@/lib/billing/get-money-by-month";
import { getFundingOf, listFundingPrograms } from "@/lib/billing/list-funding-programs";
import { startTopUpAction, updateFundingSettingsAction } from "./actions";
import { BillingRecordsTable } from "@/components/provider/billing/billing-records-table";
import { InvoicesTable } from "@/components/provider/billing/invoices-table";
import { MembershipRevenue } from "@/components/provider/billing/membership-revenue";
import { TopUpsTable } from "@/components/provider/billing/top-ups-table";
import { providerTopUps } from "@/lib/billing/list-top-ups";
import { getBillingSummary } from "@/lib/billing/get-billing-summary";
import { getUnrecoveredTotals } from "@/lib/rewards/get-unrecovered-totals";
import { formatBps } from "@/lib/money/bps";
import { formatMoney } from "@/lib/money/format";
import { listBillingRecords } from "@/lib/billing/list-billing-records";
import { listProviderInvoices } from "@/lib/billing/list-provider-invoices";
import { requireStaff } from "@/lib/providers/require-staff";
import { readDb } from "@/lib/db/client";
import { unclaimedFunds } from "@/lib/users/unclaimed-funds";

export const metadata: Metadata = { title: "Billing" };

const month = (d: Date) => d.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

export default async function BillingPage() {
  // Money owed by the business: owners only.
  const { provider } = await requireStaff(["OWNER"], "/dashboard/billing");
  const [summary, records, invoices, unrecovered, unclaimed, funding, months, programs, topUps] = await Promise.all([
    getBillingSummary(provider.id),
    listBillingRecords(provider.id),
    listProviderInvoices(provider.id),
    getUnrecoveredTotals(provider.id),
    unclaimedFunds(readDb, provider.id),
    getFundingOf(provider.id),
    getMoneyByMonth(provider.id),
    listFundingPrograms(provider.id),
    providerTopUps(provider.id),
  ]);
  const failed = funding.unpaidInvoices.filter((i) => i.paymentFailed);
  // A threshold is minor units of the award's currency, so it is shown in each currency the business pays cashback in.
  const threshold = (fromMinor: bigint) => summary.tierCurrencies.map((c) => formatMoney(fromMinor, c)).join(" or ");
  const tierText =
    summary.tierCurrencies.length === 0
      ? "a share of the cashback you award in money (points carry none)"
      : summary.tiers.map((t, i) => (i === 0 ? `${formatBps(t.bps)} of the cashback you award` : `${formatBps(t.bps)} once a month's awards pass ${threshold(t.fromMinor)}`)).join(", ");

  return (
    <div className="space-y-6">
      <PageHeader title="Billing" description={`Boomerang's commission: ${tierText}. No setup fee. Invoiced monthly through Stripe, with the cashback your members withdrew.`} />

      {failed.map((i) => (
        <Alert key={i.id} variant="danger" title={`The payment of your ${i.period} invoice failed`} data-testid="invoice-payment-failed">
          Stripe retries it over the next days. Pay <Money amountMinor={i.amountMinor} currency={i.currency} /> now to keep your program running
          {i.hostedUrl ? (
            <>
              :{" "}
              <a href={i.hostedUrl} target="_blank" rel="noreferrer" className="font-medium underline">
                pay the invoice
              </a>
            </>
          ) : null}
          .
        </Alert>
      ))}

      <section aria-label={`This month (${month(summary.period)})`} className="grid gap-4 sm:grid-cols-3">
        {summary.months.length === 0 ? (
          <Stat label={`Commission in ${month(summary.period)}`} value="Nothing yet" hint="Commission accrues as you award cashback." />
        ) : (
          summary.months.map((m) => (
            <Card key={m.currency} className="sm:col-span-3">
              <CardContent className="grid gap-4 p-5 sm:grid-cols-3">
                <Stat label={`Cashback awarded in ${month(summary.period)}`} value={<Money amountMinor={m.awardedMinor} currency={m.currency} />} hint={`${m.awards} award${m.awards === 1 ? "" : "s"}`} />
                <Stat
                  label="Commission so far"
                  value={<Money amountMinor={m.commissionMinor} currency={m.currency} />}
                  hint={m.creditedMinor > 0n ? <>after <Money amountMinor={m.creditedMinor} currency={m.currency} /> credited for reversed awards</> : undefined}
                />
                <Stat label="Rate of your next award" value={formatBps(m.nextRateBps)} />
              </CardContent>
            </Card>
          ))
        )}
        {unrecovered.map((u) => (
          <Stat
            key={`unrecovered-${u.currency}`}
            label="Refunds not recovered yet"
            value={<Money amountMinor={u.amountMinor} currency={u.currency} />}
            hint={`${u.orders} order${u.orders === 1 ? "" : "s"}: commission stays on it (the member was paid it) until it is recovered from their next cashback`}
          />
        ))}
        {unclaimed.map((u) => (
          <Stat
            key={`unclaimed-${u.currency}`}
            label="Unclaimed funds"
            value={<Money amountMinor={u.amountMinor} currency={u.currency} />}
            hint="Left by members who deleted their accounts: no longer owed to a member, and not income. Keep it and report it as unclaimed property where the law requires."
          />
        ))}
      </section>

      <FundingCard
        providerId={provider.id}
        balances={funding.currencies.map((c) => ({ ...c, prepaidMinor: c.prepaidMinor.toString(), owedMinor: c.owedMinor.toString(), invoicedMinor: c.invoicedMinor.toString(), waitingMinor: c.waitingMinor.toString() }))}
        programs={programs}
        startTopUp={startTopUpAction}
        saveSettings={updateFundingSettingsAction}
      />

      {topUps.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">Top-ups</CardTitle>
            <CardDescription>Your latest top-ups. One you left on Stripe&apos;s page expires after a day: nothing is charged or credited.</CardDescription>
          </CardHeader>
          <CardContent>
            <TopUpsTable topUps={topUps} />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle as="h2">Month by month</CardTitle>
          <CardDescription>Cashback paid out to your members, commission and top-ups; each line opens what is behind it.</CardDescription>
        </CardHeader>
        <CardContent>
          {months.length === 0 ? (
            <EmptyState icon={<Receipt />} title="Nothing yet" description="Payouts, commission and top-ups appear here month by month." />
          ) : (
            <MoneyByMonthTable months={months} />
          )}
        </CardContent>
      </Card>

      <MembershipRevenue providerId={provider.id} />

      <Card>
        <CardHeader>
          <CardTitle as="h2">Invoices</CardTitle>
          <CardDescription>One per month and currency, sent by Stripe on the 1st for the month before.</CardDescription>
        </CardHeader>
        <CardContent>
          {invoices.length === 0 ? (
            <EmptyState icon={<FileText />} title="No invoices yet" description="Your first invoice arrives at the start of the month after you award cashback." />
          ) : (
            <InvoicesTable invoices={invoices.map((i) => ({ ...i, records: i._count.records }))} />
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Billing records</CardTitle>
          <CardDescription>The commission on each award, newest first (the latest 100).</CardDescription>
        </CardHeader>
        <CardContent>
          {records.length === 0 ? (
            <EmptyState icon={<Receipt />} title="No billing records yet" description="Each cashback award you make adds one record here, with the rate it was charged at." />
          ) : (
            <BillingRecordsTable records={records} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
