/** Ledger transaction kinds in words, for history screens (members' and providers'). */
const LABELS: Record<string, string> = {
  EARN: "Earned",
  RELEASE: "Became available",
  REVERSE: "Reversed",
  REDEEM_HOLD: "Reserved for a payment",
  /** Not a kind of its own: a REDEEM_HOLD that reserves money for a withdrawal. */
  WITHDRAW_HOLD: "Set aside for a withdrawal",
  REDEEM_CAPTURE: "Spent",
  REDEEM_RELEASE: "Reservation released",
  WITHDRAW: "Withdrawn",
  /** Not a kind of its own: a REVERSE of a withdrawal the bank sent back after it was paid. */
  WITHDRAW_RETURN: "Withdrawal returned by the bank",
  FEE: "Fee",
  ADJUSTMENT: "Adjustment",
  EXPIRE: "Expired",
};

export function ledgerKindLabel(kind: string, overrides: Record<string, string> = {}): string {
  return overrides[kind] ?? LABELS[kind] ?? kind.charAt(0) + kind.slice(1).toLowerCase().replaceAll("_", " ");
}
