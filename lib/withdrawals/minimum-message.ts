import type { Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";

/** The refusal of an amount under the minimum, the same on the screen and from the server (400). */
export const minimumWithdrawalMessage = (minMinor: bigint, currency: Currency) => `The smallest withdrawal in ${currency} is ${formatMoney(minMinor, currency)}.`;
