import type { Currency } from "@/lib/money/currency";
import { formatBps } from "@/lib/money/bps";
import { formatMoney } from "@/lib/money/format";
import type { Bracket, BracketReward } from "./types";

export type Formatter = (amountMinor: bigint) => string;

export function moneyFormatter(currency: Currency, locale: string): Formatter {
  return (amountMinor) => formatMoney(amountMinor, currency, locale);
}

/** "under €20.00", "from €20.00", "from €20.00 to under €50.00", "any amount". */
export function bracketRange(bracket: Bracket, basket: Formatter): string {
  const { fromMinor, upToMinor } = bracket;
  if (upToMinor === undefined) return fromMinor === 0n ? "any amount" : `from ${basket(fromMinor)}`;
  if (fromMinor === 0n) return `under ${basket(upToMinor)}`;
  return `from ${basket(fromMinor)} to under ${basket(upToMinor)}`;
}

export function rewardText(reward: BracketReward, money: Formatter, locale: string): string {
  return reward.type === "flat" ? money(reward.amountMinor) : formatBps(reward.bps, locale);
}
