"use client";

import { Field, Select } from "@/components/ui";
import type { Currency } from "@/lib/money/currency";

/** The unit a cap is typed in: "EUR", "points". */
export const capUnit = (currency: Currency) => (currency === "PTS" ? "points" : currency);

/**
 * The currency a staff cap is set in, among the business's program currencies (the first by default). A cap
 * applies only to programs in its currency. Shown only when the business has programs in more than one.
 */
export function CapCurrencyField({
  label,
  currencies,
  value,
  onChange,
  error,
}: {
  label: string;
  currencies: Currency[];
  value: Currency;
  onChange: (currency: Currency) => void;
  error?: string;
}) {
  if (currencies.length < 2) return null;
  return (
    <Field label={label} error={error} hint="The cap applies to programs in this currency.">
      <Select value={value} onChange={(e) => onChange(currencies.find((c) => c === e.target.value) ?? value)}>
        {currencies.map((c) => (
          <option key={c} value={c}>
            {capUnit(c)}
          </option>
        ))}
      </Select>
    </Field>
  );
}
