import { Money } from "@/components/ui";
import type { Currency } from "@/lib/money/currency";

/** One line per currency; a zero in the program's currency when nothing has happened yet. */
export function Amounts({ amounts, fallbackCurrency }: { amounts: { currency: Currency; amountMinor: bigint }[]; fallbackCurrency: Currency }) {
  if (amounts.length === 0) return <Money amountMinor={0n} currency={fallbackCurrency} />;
  return (
    <span className="flex flex-col">
      {amounts.map((a) => (
        <Money key={a.currency} amountMinor={a.amountMinor} currency={a.currency} />
      ))}
    </span>
  );
}
