import type { GuardKind } from "@/lib/db/generated/enums";

export const GUARD_LABELS: Record<GuardKind, string> = {
  VELOCITY: "Velocity",
  REVIEW_THRESHOLD: "Review threshold",
  CASHIER_CAP: "Cashier cap",
  RECEIPT_REPLAY: "Receipt replay",
  RATE_LIMIT: "Rate limit",
  BAD_SIGNATURE: "Bad signature",
  CASHIER_SPEND_CAP: "Cashier spend cap",
};
