import { Money, StatusBadge, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { ProgramMemberDetail } from "@/lib/members/get-program-member";

export function MemberRewardsTable({ rewards }: { rewards: ProgramMemberDetail["rewards"] }) {
  return (
    <Table label="Rewards">
      <THead>
        <TR>
          <TH>Date</TH>
          <TH>Status</TH>
          <TH>Explanation</TH>
          <TH numeric>Amount</TH>
        </TR>
      </THead>
      <TBody>
        {rewards.map((r) => (
          <TR key={r.id}>
            <TD className="whitespace-nowrap">{r.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
            <TD>
              <StatusBadge status={r.status} />
            </TD>
            <TD className="text-muted-foreground">{r.explanation}</TD>
            <TD numeric>
              <Money amountMinor={r.amountMinor} currency={r.currency} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
