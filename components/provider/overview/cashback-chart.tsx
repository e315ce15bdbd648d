"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui";
import type { Currency } from "@/lib/money/currency";

/** Amounts travel as strings: exact, and serialisable to the client. */
export type ChartPoint = { day: string; amountMinor: string };

// recharts loads after the page, so it stays out of the dashboard's first-load JS.
const Inner = dynamic(() => import("./cashback-chart-inner"), { ssr: false, loading: () => <Skeleton className="h-full w-full" /> });

export function CashbackChart({ currency, points, summary }: { currency: Currency; points: ChartPoint[]; summary: string }) {
  return (
    <div role="img" aria-label={summary} className="h-64 w-full">
      <Inner currency={currency} points={points} />
    </div>
  );
}
