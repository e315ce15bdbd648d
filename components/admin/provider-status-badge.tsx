import { Badge } from "@/components/ui";

const STATUS = {
  ACTIVE: { variant: "success", label: "active" },
  PENDING: { variant: "warning", label: "pending approval" },
  SUSPENDED: { variant: "danger", label: "suspended" },
} as const;

export function ProviderStatusBadge({ status }: { status: keyof typeof STATUS }) {
  return <Badge variant={STATUS[status].variant}>{STATUS[status].label}</Badge>;
}
