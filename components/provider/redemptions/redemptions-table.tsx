import Link from "next/link";
import { Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { RedemptionRow } from "@/lib/redemptions/list-redemptions";
import { RedemptionStatusBadge, SOURCE_LABEL } from "./status";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function RedemptionsTable({ rows }: { rows: RedemptionRow[] }) {
  return (
    <Table label="Redemptions">
      <THead>
        <TR>
          <TH>Created (UTC)</TH>
          <TH>Order</TH>
          <TH>Member</TH>
          <TH numeric>Held</TH>
          <TH numeric>Captured</TH>
          <TH numeric>Refunded</TH>
          <TH>Status</TH>
          <TH>Source</TH>
        </TR>
      </THead>
      <TBody>
        {rows.map((r) => (
          <TR key={r.id}>
            <TD className="whitespace-nowrap">
              <time dateTime={r.createdAt.toISOString()}>{when.format(r.createdAt)}</time>
            </TD>
            <TD>
              <Link href={`/dashboard/redemptions/${r.id}`} className="font-medium text-brand-emphasis underline-offset-4 hover:underline">
                {r.orderId}
              </Link>
            </TD>
            <TD>
              <Link href={`/dashboard/members/${r.member.id}`} className="underline-offset-4 hover:underline">
                {r.member.name ?? r.member.email}
              </Link>
              <span className="block font-mono text-xs text-muted-foreground">{r.member.code}</span>
            </TD>
            <TD numeric>
              <Money amountMinor={r.amountHeld} currency={r.currency} />
            </TD>
            <TD numeric>
              <Money amountMinor={r.amountCaptured} currency={r.currency} />
            </TD>
            <TD numeric>
              <Money amountMinor={r.amountRefunded} currency={r.currency} />
            </TD>
            <TD>
              <RedemptionStatusBadge status={r.status} />
            </TD>
            <TD className="whitespace-nowrap text-muted-foreground">{SOURCE_LABEL[r.source]}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
