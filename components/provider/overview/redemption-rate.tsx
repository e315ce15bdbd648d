import type { Currency } from "@/lib/money/currency";
import { formatBps } from "@/lib/money/bps";

/** The redemption rate per currency; "—" when no cashback was issued to compare with. */
export function RedemptionRate({ rates }: { rates: { currency: Currency; bps: number | null }[] }) {
  if (rates.length === 0) return <span aria-label="No cashback issued">—</span>;
  const [only] = rates;
  if (rates.length === 1 && only) return <span>{only.bps === null ? "—" : formatBps(only.bps)}</span>;
  return (
    <span className="flex flex-col">
      {rates.map((r) => (
        <span key={r.currency}>
          {r.bps === null ? "—" : formatBps(r.bps)} <span className="text-sm font-normal text-muted-foreground">{r.currency}</span>
        </span>
      ))}
    </span>
  );
}
