import { ChartNoAxesColumn } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Money } from "@/components/ui";
import type { CashbackSeries } from "@/lib/providers/get-provider-overview";
import { formatMoney } from "@/lib/money/format";
import { CashbackChart } from "./cashback-chart";

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

export function CashbackCard({ series }: { series: CashbackSeries[] }) {
  const withData = series.filter((s) => s.points.some((p) => p.amountMinor !== 0n));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Cashback issued</CardTitle>
        <CardDescription>Pending and available cashback by day, last 30 days (UTC).</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {withData.length === 0 ? (
          <EmptyState
            icon={<ChartNoAxesColumn />}
            title="No cashback issued yet"
            description="Once your customers' purchases are rewarded, the daily totals appear here."
          />
        ) : (
          withData.map((s) => {
            const total = s.points.reduce((sum, p) => sum + p.amountMinor, 0n);
            const peak = s.points.reduce((best, p) => (p.amountMinor > best.amountMinor ? p : best));
            const summary = `Cashback issued per day in ${s.currency} over the last 30 days: ${formatMoney(total, s.currency)} in total, highest on ${label(peak.day)} with ${formatMoney(peak.amountMinor, s.currency)}.`;
            return (
              <div key={s.currency}>
                {withData.length > 1 ? <p className="mb-2 text-sm font-medium">{s.currency}</p> : null}
                <CashbackChart
                  currency={s.currency}
                  summary={summary}
                  points={s.points.map((p) => ({ day: p.day, amountMinor: p.amountMinor.toString() }))}
                />
                <table className="sr-only">
                  <caption>Cashback issued per day ({s.currency})</caption>
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      <th scope="col">Cashback</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.points.map((p) => (
                      <tr key={p.day}>
                        <td>{label(p.day)}</td>
                        <td>
                          <Money amountMinor={p.amountMinor} currency={s.currency} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })
        )}
      </CardContent>
    </Card>
  );
}
