import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WithdrawalDecision } from "@/components/admin/withdrawal-decision";
import { EmptyState, Money, PageHeader, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money/format";
import { listWithdrawalApprovals } from "@/lib/withdrawals/list-withdrawal-approvals";
import { decideWithdrawalAction } from "./actions";

export const metadata: Metadata = { title: "Withdrawals to approve" };

const date = (d: Date) => d.toLocaleDateString("en-GB", { dateStyle: "medium" });

export default async function WithdrawalApprovalsPage() {
  const user = await requireUser("/admin/withdrawals");
  if (!user.roles.admin) notFound();
  const rows = await listWithdrawalApprovals();
  return (
    <div className="space-y-6">
      <PageHeader title="Withdrawals to approve" description="Withdrawals above the approval threshold wait here after the member confirmed them by e-mail. The money is held meanwhile." />
      {rows.length === 0 ? (
        <EmptyState title="Nothing to approve" description="Large withdrawals appear here once their members confirm them." />
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Member</TH>
              <TH>Program</TH>
              <TH numeric>Amount</TH>
              <TH>Account</TH>
              <TH>Requested</TH>
              <TH className="text-right">Decision</TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((w) => (
              <TR key={w.id}>
                <TD>
                  <span className="font-medium">{w.user.name ?? w.user.email}</span>
                  <span className="block text-xs text-muted-foreground">
                    {w.user.email} · account since {date(w.user.createdAt)}
                  </span>
                </TD>
                <TD>
                  {w.member.program.name}
                  <span className="block text-xs text-muted-foreground">member since {date(w.member.joinedAt)}</span>
                </TD>
                <TD numeric>
                  <Money amountMinor={w.amountMinor} currency={w.currency} />
                </TD>
                <TD>
                  {w.linkedAccount.institutionName ?? "Bank"} {w.linkedAccount.mask ? `•• ${w.linkedAccount.mask}` : ""}
                  <span className="block text-xs text-muted-foreground">linked {date(w.linkedAccount.linkedAt)}</span>
                </TD>
                <TD>{date(w.createdAt)}</TD>
                <TD>
                  <WithdrawalDecision withdrawalId={w.id} summary={`${formatMoney(w.amountMinor, w.currency)} to ${w.user.email}`} decide={decideWithdrawalAction} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
