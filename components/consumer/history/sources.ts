import type { PurchaseSource } from "@/lib/db/generated/enums";

export const SOURCE_LABELS: Record<PurchaseSource, string> = {
  WEBHOOK: "Online order",
  REGISTER: "In store",
  LINKED_ACCOUNT: "Linked card",
  RECEIPT: "Receipt",
};
