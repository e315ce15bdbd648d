import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader, Stat, buttonVariants } from "@/components/ui";
import { ActivityList } from "@/components/provider/overview/activity-list";
import { Amounts } from "@/components/provider/overview/amounts";
import { CashbackCard } from "@/components/provider/overview/cashback-card";
import { GUARD_LABELS } from "@/components/provider/overview/guard-labels";
import { RedemptionRate } from "@/components/provider/overview/redemption-rate";
import { ChecklistCard } from "@/components/provider/onboarding/checklist-card";
import { db, readDb } from "@/lib/db/client";
import { getOnboardingChecklist } from "@/lib/programs/get-onboarding-checklist";
import { requireStaff } from "@/lib/providers/require-staff";
import { getProviderOverview } from "@/lib/providers/get-provider-overview";
import { getUnrecoveredTotals } from "@/lib/rewards/get-unrecovered-totals";

export const metadata: Metadata = { title: "Dashboard" };

const count = new Intl.NumberFormat("en-GB");

export default async function DashboardPage() {
  const { provider, role } = await requireStaff(["OWNER", "MANAGER"], "/dashboard");
  const [overview, checklist, unrecovered] = await Promise.all([getProviderOverview(readDb, provider.id), getOnboardingChecklist(db, provider.id), getUnrecoveredTotals(provider.id)]);
  const currency = provider.programs[0]?.currency ?? "EUR";
  const guardTotal = overview.guardHits30Days.reduce((sum, g) => sum + g.count, 0);
  const guardHint = overview.guardHits30Days
    .slice(0, 2)
    .map((g) => `${GUARD_LABELS[g.guard]} ${count.format(g.count)}`)
    .join(" · ");
  return (
    <div className="space-y-6">
      <PageHeader title={`Welcome, ${provider.name}`} description={`You are signed in as ${role.toLowerCase()}.`} />
      {checklist && !checklist.complete ? <ChecklistCard items={checklist.items} /> : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Orders today" value={count.format(overview.purchasesToday)} hint="Purchases recorded since midnight UTC" />
        <Stat label="Cashback today" value={<Amounts amounts={overview.cashbackToday} fallbackCurrency={currency} />} hint="Pending and available" />
        <Stat label="Cashback, 30 days" value={<Amounts amounts={overview.cashback30Days} fallbackCurrency={currency} />} hint="Pending and available" />
        <Stat
          label="Liability outstanding"
          value={<Amounts amounts={overview.liability} fallbackCurrency={currency} />}
          hint="Owed to members: pending, available and held"
        />
        <Stat
          label="Review queue"
          value={count.format(overview.reviewQueue)}
          hint={
            <Link className="underline underline-offset-2 hover:text-foreground" href="/dashboard/orders?status=pending-review">
              Pending review and held
            </Link>
          }
        />
        <Stat label="Failed deliveries today" value={count.format(overview.failedDeliveriesToday)} hint="Order events refused" />
        <Stat label="Guard hits, 30 days" value={count.format(guardTotal)} hint={guardHint || "No guard triggered"} />
        <Stat label="Members" value={count.format(overview.members)} hint={`${count.format(overview.programs)} program${overview.programs === 1 ? "" : "s"}`} />
        {unrecovered.length > 0 ? (
          <Stat
            label="Refunds not recovered yet"
            value={<Amounts amounts={unrecovered} fallbackCurrency={currency} />}
            hint={
              <Link className="underline underline-offset-2 hover:text-foreground" href="/dashboard/orders?status=reversal-due">
                Taken from the members&apos; next cashback
              </Link>
            }
          />
        ) : null}
      </div>
      <section aria-labelledby="spent-heading" className="space-y-3">
        <h2 id="spent-heading" className="text-base font-semibold">
          Cashback spent with you
        </h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Stat
            label="Redeemed today"
            value={<Amounts amounts={overview.redeemedToday} fallbackCurrency={currency} />}
            hint={
              <Link className="underline underline-offset-2 hover:text-foreground" href="/dashboard/redemptions">
                Captured minus refunded
              </Link>
            }
          />
          <Stat label="Redeemed, 30 days" value={<Amounts amounts={overview.redeemed30Days} fallbackCurrency={currency} />} hint="Captured minus refunded" />
          <Stat
            label="Redemption rate, 30 days"
            value={<RedemptionRate rates={overview.redemptionRate30Days} />}
            hint="The share of the cashback you gave that came back to be spent with you"
          />
        </div>
      </section>
      <CashbackCard series={overview.series} />
      <ActivityList events={overview.latestActivity} />
      <Card>
        <CardHeader>
          <CardTitle>Your programs</CardTitle>
          <CardDescription>Each program has a public page your customers join from.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y divide-border">
            {provider.programs.map((p) => (
              <li key={p.id} className="flex items-center justify-between gap-4 py-3">
                <div>
                  <p className="font-medium">{p.name}</p>
                  <p className="text-sm text-muted-foreground">
                    /p/{p.slug} · {p.currency}
                  </p>
                </div>
                <Link className={buttonVariants({ variant: "outline", size: "sm" })} href={`/p/${p.slug}`}>
                  View page
                </Link>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </div>
  );
}
