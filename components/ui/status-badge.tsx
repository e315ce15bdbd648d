import { Badge, type BadgeProps, type BadgeVariant } from "./badge";

export const REWARD_STATUSES = ["PENDING_REVIEW", "HELD", "PENDING", "AVAILABLE", "REJECTED", "REVERSED", "EXPIRED"] as const;

export type RewardStatus = (typeof REWARD_STATUSES)[number];

export const REWARD_STATUS_META: Record<
  RewardStatus,
  { label: string; variant: BadgeVariant; appearance: "subtle" | "outline"; dot: BadgeVariant }
> = {
  PENDING_REVIEW: { label: "Pending review", variant: "info", appearance: "subtle", dot: "info" },
  HELD: { label: "Held", variant: "warning", appearance: "subtle", dot: "warning" },
  // Neutral pill with an amber dot keeps it visibly distinct from HELD.
  PENDING: { label: "Pending", variant: "neutral", appearance: "subtle", dot: "warning" },
  AVAILABLE: { label: "Available", variant: "success", appearance: "subtle", dot: "success" },
  REJECTED: { label: "Rejected", variant: "danger", appearance: "subtle", dot: "danger" },
  REVERSED: { label: "Reversed", variant: "danger", appearance: "outline", dot: "danger" },
  EXPIRED: { label: "Expired", variant: "neutral", appearance: "outline", dot: "neutral" },
};

export function rewardStatusLabel(status: RewardStatus): string {
  return REWARD_STATUS_META[status].label;
}

export type StatusBadgeProps = Omit<BadgeProps, "variant" | "appearance" | "dot" | "children"> & {
  status: RewardStatus;
};

export function StatusBadge({ status, className, ...props }: StatusBadgeProps) {
  const meta = REWARD_STATUS_META[status];
  return (
    <Badge
      variant={meta.variant}
      appearance={meta.appearance}
      dot={meta.dot}
      className={className}
      {...props}
    >
      {meta.label}
    </Badge>
  );
}
