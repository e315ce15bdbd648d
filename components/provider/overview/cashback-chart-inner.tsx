"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";
import type { ChartPoint } from "./cashback-chart";
import { formatTick, wholeUnitTicks } from "./chart-ticks";

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (day: unknown) => (typeof day === "string" ? dayLabel.format(new Date(`${day}T00:00:00Z`)) : "");
// Plotted values are whole minor units (safe integers), so formatting them back is exact.
const exact = (value: unknown): bigint | null => (typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : null);

export default function CashbackChartInner({ currency, points }: { currency: Currency; points: ChartPoint[] }) {
  const data = points.map((p) => ({ day: p.day, value: Number(p.amountMinor) }));
  const max = points.reduce((m, p) => (BigInt(p.amountMinor) > m ? BigInt(p.amountMinor) : m), 0n);
  const ticks = wholeUnitTicks(max, currency);
  const top = ticks.at(-1) ?? 0n;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="day" tickFormatter={label} tickLine={false} axisLine={false} minTickGap={24} tick={{ fill: "var(--color-muted-foreground)", fontSize: 12 }} />
        <YAxis
          domain={[0, Number(top)]}
          ticks={ticks.map(Number)}
          interval={0}
          allowDecimals={false}
          tickFormatter={(v: unknown) => {
            const minor = exact(v);
            return minor === null ? "" : formatTick(minor, currency);
          }}
          tickLine={false}
          axisLine={false}
          width={64}
          tick={{ fill: "var(--color-muted-foreground)", fontSize: 12 }}
        />
        <Tooltip
          cursor={{ fill: "var(--color-surface-muted)" }}
          labelFormatter={label}
          formatter={(v: unknown) => {
            const minor = exact(v);
            return [minor === null ? "" : formatMoney(minor, currency), "Cashback"];
          }}
        />
        {/* No grow-in animation: the bars are right at once (and after a resize), and nothing moves for those who prefer less motion. */}
        <Bar dataKey="value" fill="var(--color-brand)" radius={[3, 3, 0, 0]} maxBarSize={24} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
