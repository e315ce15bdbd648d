"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";
import type { ChartPoint } from "./cashback-chart";

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (day: unknown) => (typeof day === "string" ? dayLabel.format(new Date(`${day}T00:00:00Z`)) : "");
// Plotted values are whole minor units (safe integers), so formatting them back is exact.
const money = (value: unknown, currency: Currency) =>
  typeof value === "number" && Number.isSafeInteger(value) ? formatMoney(BigInt(value), currency) : "";

export default function CashbackChartInner({ currency, points }: { currency: Currency; points: ChartPoint[] }) {
  const data = points.map((p) => ({ day: p.day, value: Number(p.amountMinor) }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="day" tickFormatter={label} tickLine={false} axisLine={false} minTickGap={24} tick={{ fill: "var(--color-muted-foreground)", fontSize: 12 }} />
        <YAxis
          allowDecimals={false}
          tickFormatter={(v: unknown) => money(v, currency)}
          tickLine={false}
          axisLine={false}
          width={72}
          tick={{ fill: "var(--color-muted-foreground)", fontSize: 12 }}
        />
        <Tooltip labelFormatter={label} formatter={(v: unknown) => [money(v, currency), "Cashback"]} />
        <Area type="monotone" dataKey="value" stroke="var(--color-brand)" fill="var(--color-brand)" fillOpacity={0.15} strokeWidth={2} />
      </AreaChart>
    </ResponsiveContainer>
  );
}
