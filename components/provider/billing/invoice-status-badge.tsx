import { Badge, type BadgeVariant } from "@/components/ui";

const META: Record<string, { label: string; variant: BadgeVariant }> = {
  draft: { label: "Draft", variant: "neutral" },
  open: { label: "Due", variant: "warning" },
  paid: { label: "Paid", variant: "success" },
  uncollectible: { label: "Uncollectible", variant: "danger" },
  void: { label: "Void", variant: "neutral" },
};

/** Stripe's invoice status, in words a business owner reads. */
export function InvoiceStatusBadge({ status }: { status: string }) {
  const meta = META[status] ?? { label: status, variant: "neutral" as const };
  return (
    <Badge variant={meta.variant} dot data-testid="invoice-status">
      {meta.label}
    </Badge>
  );
}
