import type { ComponentProps } from "react";
import type { Currency } from "@/lib/money/currency";
import { formatMoney, toMinorUnits, type MinorAmountInput, type MoneySignDisplay } from "@/lib/money/format";
import { cn } from "@/lib/utils/cn";

export type MoneyProps = Omit<ComponentProps<"span">, "children"> & {
  /** Integer amount in minor units (cents, or whole points for PTS). Strings/numbers must be exact integers. */
  amountMinor: MinorAmountInput;
  currency: Currency;
  locale?: string;
  signDisplay?: MoneySignDisplay;
  /** Colour positive amounts green and negative ones red. */
  colored?: boolean;
};

export function Money({
  amountMinor,
  currency,
  locale,
  signDisplay,
  colored = false,
  className,
  ...props
}: MoneyProps) {
  const amount = toMinorUnits(amountMinor);
  return (
    <span
      className={cn(
        "tabular-nums whitespace-nowrap",
        colored && amount > 0n && "text-success",
        colored && amount < 0n && "text-danger",
        className,
      )}
      {...props}
    >
      {formatMoney(amount, currency, locale, { signDisplay })}
    </span>
  );
}
