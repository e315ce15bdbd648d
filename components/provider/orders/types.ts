import type { Currency } from "@/lib/money/currency";
import type { RewardStatus } from "@/components/ui";

export const SOURCES = ["WEBHOOK", "REGISTER", "LINKED_ACCOUNT", "RECEIPT"] as const;
export type OrderSource = (typeof SOURCES)[number];

/** How a source appears in the page address: "linked-account". */
export const sourceParam = (source: OrderSource): string => source.toLowerCase().replace("_", "-");

export const SOURCE_LABELS: Record<OrderSource, string> = {
  WEBHOOK: "Online shop",
  REGISTER: "Cash register",
  LINKED_ACCOUNT: "Linked account",
  RECEIPT: "Receipt",
};

/** One row of the orders table as the page hands it to the client (dates already formatted on the server). */
export type OrderRowView = {
  purchaseId: string;
  orderId: string;
  /** The order id, or a receipt's number; null for a receipt without one. */
  reference: string | null;
  source: OrderSource;
  dateLabel: string;
  dateTime: string;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: Currency;
  customer: { name: string | null; email: string | null; memberCode: string | null; isMember: boolean };
  reward: { id: string; status: RewardStatus; amountMinor: bigint; computedMinor: bigint; explanation: string; reversalDueMinor: bigint; unrecoveredMinor?: bigint } | null;
};

export const REVIEWABLE: ReadonlySet<RewardStatus> = new Set(["PENDING_REVIEW", "HELD"]);
