import { Inbox } from "lucide-react";
import { Badge, EmptyState, TBody, TD, TH, THead, TR, Table, type BadgeVariant } from "@/components/ui";
import type { DeliveryStatus } from "@/lib/db/generated/enums";

export type DeliveryRow = {
  id: string;
  createdAt: Date;
  channel: string;
  eventType: string | null;
  orderId: string | null;
  status: DeliveryStatus;
  httpStatus: number;
  reason: string | null;
};

const STATUS: Record<DeliveryStatus, { label: string; variant: BadgeVariant }> = {
  ACCEPTED: { label: "Accepted", variant: "success" },
  DUPLICATE: { label: "Duplicate", variant: "neutral" },
  REJECTED: { label: "Rejected", variant: "danger" },
};

const CHANNEL: Record<string, string> = { generic: "Events API", shopify: "Shopify", woocommerce: "WooCommerce" };

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export function DeliveriesTable({ rows }: { rows: DeliveryRow[] }) {
  if (rows.length === 0) {
    return (
      <EmptyState
        icon={<Inbox />}
        title="No deliveries yet"
        description="Once your shop sends an order event to one of the endpoints above, it shows up here with its outcome."
      />
    );
  }
  return (
    <Table label="Latest deliveries">
      <THead>
        <TR>
          <TH>Time (UTC)</TH>
          <TH>Channel</TH>
          <TH>Event</TH>
          <TH>Order</TH>
          <TH>Status</TH>
          <TH numeric>HTTP</TH>
          <TH>Reason</TH>
        </TR>
      </THead>
      <TBody>
        {rows.map((d) => (
          <TR key={d.id}>
            <TD className="whitespace-nowrap">
              <time dateTime={d.createdAt.toISOString()}>{time.format(d.createdAt)}</time>
            </TD>
            <TD>{CHANNEL[d.channel] ?? d.channel}</TD>
            <TD className="font-mono text-xs">{d.eventType ?? "—"}</TD>
            <TD className="font-mono text-xs">{d.orderId ?? "—"}</TD>
            <TD>
              <Badge variant={STATUS[d.status].variant} dot>
                {STATUS[d.status].label}
              </Badge>
            </TD>
            <TD numeric>{d.httpStatus}</TD>
            <TD className="max-w-xs text-muted-foreground">{d.reason ?? "—"}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
