import Link from "next/link";
import { Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { RedemptionStatusBadge, SOURCE_LABEL } from "@/components/provider/redemptions/status";
import type { ProgramMemberDetail } from "@/lib/members/get-program-member";

export function MemberSpendsTable({ spends }: { spends: ProgramMemberDetail["spends"] }) {
  return (
    <Table label="Spends">
      <THead>
        <TR>
          <TH>Date</TH>
          <TH>Order</TH>
          <TH>Status</TH>
          <TH>Source</TH>
          <TH numeric>Held</TH>
          <TH numeric>Captured</TH>
          <TH numeric>Refunded</TH>
        </TR>
      </THead>
      <TBody>
        {spends.map((s) => (
          <TR key={s.id}>
            <TD className="whitespace-nowrap">{s.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" })}</TD>
            <TD>
              <Link href={`/dashboard/redemptions/${s.id}`} className="font-medium text-brand-emphasis underline-offset-4 hover:underline">
                {s.orderId}
              </Link>
            </TD>
            <TD>
              <RedemptionStatusBadge status={s.status} />
            </TD>
            <TD className="whitespace-nowrap text-muted-foreground">{SOURCE_LABEL[s.source]}</TD>
            <TD numeric>
              <Money amountMinor={s.amountHeld} currency={s.currency} />
            </TD>
            <TD numeric>
              <Money amountMinor={s.amountCaptured} currency={s.currency} />
            </TD>
            <TD numeric>
              <Money amountMinor={s.amountRefunded} currency={s.currency} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
