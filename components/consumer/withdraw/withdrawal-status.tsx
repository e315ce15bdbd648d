import { Badge, type BadgeVariant } from "@/components/ui";
import type { WithdrawalStatus } from "@/lib/db/generated/enums";

const META: Record<WithdrawalStatus, { label: string; variant: BadgeVariant }> = {
  AWAITING_CONFIRMATION: { label: "Confirm by e-mail", variant: "warning" },
  AWAITING_APPROVAL: { label: "Being reviewed", variant: "warning" },
  AWAITING_PAYOUT_SETUP: { label: "Finish payout set-up", variant: "warning" },
  AWAITING_FUNDING: { label: "Waiting for the business", variant: "warning" },
  PROCESSING: { label: "On its way", variant: "info" },
  PAID: { label: "Paid", variant: "success" },
  FAILED: { label: "Failed", variant: "danger" },
  CANCELED: { label: "Cancelled", variant: "neutral" },
};

export function WithdrawalStatusBadge({ status }: { status: WithdrawalStatus }) {
  const m = META[status];
  return (
    <Badge variant={m.variant} dot>
      {m.label}
    </Badge>
  );
}

export const withdrawalStatusLabel = (status: WithdrawalStatus) => META[status].label;
