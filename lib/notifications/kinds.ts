import type { NotificationKind } from "@/lib/db/generated/enums";

export const NOTIFICATION_KINDS = ["EARNED", "AVAILABLE", "EXPIRING", "REVERSED", "REJECTED", "RECEIPT", "WITHDRAWAL", "SPENT"] as const satisfies readonly NotificationKind[];

/** How each kind is named on the preferences screen. */
export const KIND_LABELS: Record<NotificationKind, { label: string; hint: string }> = {
  EARNED: { label: "Cashback earned", hint: "A purchase earned cashback (pending until the hold period ends)." },
  AVAILABLE: { label: "Cashback available", hint: "Pending cashback became available to spend or withdraw." },
  EXPIRING: { label: "Expiring soon", hint: "Available cashback will expire in 14 days." },
  REVERSED: { label: "Cashback reversed", hint: "A refund or correction took cashback back." },
  REJECTED: { label: "Not approved", hint: "A business did not approve a purchase or receipt." },
  RECEIPT: { label: "Receipts", hint: "A receipt you sent was received and waits for review." },
  WITHDRAWAL: { label: "Withdrawals", hint: "Updates on money you withdraw to your bank." },
  SPENT: { label: "Cashback used", hint: "You paid with cashback at a business, or a payment was refunded to it." },
};

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
