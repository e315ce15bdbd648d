import { Badge, type BadgeVariant } from "@/components/ui";
import type { RedemptionSource, RedemptionStatus } from "@/lib/db/generated/enums";

/** Statuses as the address and the API spell them, in the order the filter lists them. */
export const REDEMPTION_STATUS_PARAMS = [
  ["requires_capture", "REQUIRES_CAPTURE"],
  ["captured", "CAPTURED"],
  ["partially_refunded", "PARTIALLY_REFUNDED"],
  ["refunded", "REFUNDED"],
  ["canceled", "CANCELED"],
  ["expired", "EXPIRED"],
] as const satisfies readonly (readonly [string, RedemptionStatus])[];

export const REDEMPTION_STATUS_META: Record<RedemptionStatus, { label: string; variant: BadgeVariant; appearance?: "outline" }> = {
  REQUIRES_CAPTURE: { label: "Held", variant: "warning" },
  CAPTURED: { label: "Captured", variant: "success" },
  PARTIALLY_REFUNDED: { label: "Partly refunded", variant: "info" },
  REFUNDED: { label: "Refunded", variant: "neutral" },
  CANCELED: { label: "Canceled", variant: "neutral", appearance: "outline" },
  EXPIRED: { label: "Expired", variant: "neutral", appearance: "outline" },
};

export const SOURCE_LABEL: Record<RedemptionSource, string> = { API: "Checkout API", REGISTER: "Register" };

export function RedemptionStatusBadge({ status }: { status: RedemptionStatus }) {
  const meta = REDEMPTION_STATUS_META[status];
  return (
    <Badge variant={meta.variant} appearance={meta.appearance} dot>
      {meta.label}
    </Badge>
  );
}
