import type { Currency, MemberStatus } from "@/lib/db/generated/enums";
import type { NextAction } from "./next-action";

/**
 * The wallet as JSON (the polling route and the page's initial data share it): amounts are strings of minor
 * units, dates ISO strings. No server-only imports, so client components can use the types.
 */
export type WalletAmountsJson = { available: string; pending: string; held: string; lifetime: string };

export type WalletReservationJson =
  | { kind: "payment"; id: string; amountMinor: string; expiresAt: string; orderId: string }
  | { kind: "voucher"; id: string; amountMinor: string; expiresAt: string; code: string };

export type WalletProgramJson = {
  memberId: string;
  code: string;
  status: MemberStatus;
  joinedAt: string;
  program: { id: string; name: string; slug: string; currency: Currency; brandColor: string };
  balances: WalletAmountsJson;
  /** Pending cashback by the (UTC) day it becomes available, soonest first. */
  upcoming: { date: string; amountMinor: string }[];
  /** Pending cashback on later days than those listed. */
  upcomingLaterMinor: string;
  /** Open holds for a shop's payment and active vouchers, soonest to expire first. */
  reserved: WalletReservationJson[];
  nextAction: NextAction;
};

export type WalletJson = {
  programs: WalletProgramJson[];
  /** One line per currency: amounts in different currencies are never added up. */
  totals: ({ currency: Currency; programs: number } & WalletAmountsJson)[];
  asOf: string;
};

/** What the wallet shows, without the time it was read: equal fingerprints render the same page. */
export function walletFingerprint({ asOf: _asOf, ...figures }: WalletJson): string {
  return JSON.stringify(figures);
}
