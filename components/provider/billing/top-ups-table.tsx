import { Badge, type BadgeVariant, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { TopUpRow } from "@/lib/billing/list-top-ups";

const STATUS: Record<string, { label: string; variant: BadgeVariant }> = {
  paid: { label: "Paid", variant: "success" },
  open: { label: "Waiting for payment", variant: "warning" },
  expired: { label: "Abandoned: nothing charged", variant: "neutral" },
};

const day = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Billing → the business's latest top-ups; an abandoned Checkout shows as such (nothing was charged or credited). */
export function TopUpsTable({ topUps }: { topUps: TopUpRow[] }) {
  return (
    <Table label="Your latest top-ups">
      <THead>
        <TR>
          <TH>Started</TH>
          <TH className="text-right">Amount</TH>
          <TH>Status</TH>
        </TR>
      </THead>
      <TBody>
        {topUps.map((t) => {
          const status = STATUS[t.status] ?? { label: t.status, variant: "neutral" as const };
          return (
            <TR key={t.id} data-testid="top-up-row">
              <TD>{day(t.createdAt)}</TD>
              <TD className="text-right">
                <Money amountMinor={t.amountMinor} currency={t.currency} />
              </TD>
              <TD>
                <Badge variant={status.variant} dot data-testid="top-up-status">
                  {status.label}
                </Badge>
                {t.paidAt ? <span className="ml-2 text-xs text-muted-foreground">credited {day(t.paidAt)}</span> : null}
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
