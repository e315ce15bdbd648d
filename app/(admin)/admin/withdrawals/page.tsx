import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WithdrawalRiskCard } from "@/components/admin/withdrawal-risk-card";
import { Badge, Card, CardContent, CardHeader, CardTitle, EmptyState, Money, PageHeader, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { listWithdrawalHistory, listWithdrawalsAwaitingApproval, type WithdrawalOutcome } from "@/lib/admin/withdrawal-risk";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { decideWithdrawalAction } from "./actions";

export const metadata: Metadata = { title: "Withdrawals" };

const OUTCOME: Record<WithdrawalOutcome, { label: string; variant: "success" | "danger" | "warning" | "neutral" }> = {
  paid: { label: "Paid", variant: "success" },
  failed: { label: "Failed", variant: "danger" },
  returned: { label: "Returned", variant: "warning" },
  rejected: { label: "Rejected", variant: "neutral" },
};

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
const day = (d: Date) => d.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default async function WithdrawalsPage() {
  const user = await requireUser("/admin/withdrawals");
  if (!user.roles.admin) notFound();
  const [waiting, history] = await Promise.all([listWithdrawalsAwaitingApproval(db), listWithdrawalHistory(db)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Withdrawals"
        description="Withdrawals above the approval threshold wait here after the member confirmed them by e-mail; the money is held meanwhile. Each shows how its money was earned and what looks unusual. Approving or rejecting needs a reason, kept in the audit log."
      />
      <section aria-labelledby="waiting-heading" className="space-y-4">
        <h2 id="waiting-heading" className="text-lg font-semibold">
          Awaiting approval ({waiting.length})
        </h2>
        {waiting.length === 0 ? (
          <EmptyState title="Nothing to approve" description="Large withdrawals appear here once their members confirm them." />
        ) : (
          waiting.map((w) => <WithdrawalRiskCard key={w.id} w={w} decide={decideWithdrawalAction} />)
        )}
      </section>
      <Card>
        <CardHeader>
          <CardTitle as="h2">History</CardTitle>
        </CardHeader>
        <CardContent>
          {history.length === 0 ? (
            <p className="text-sm text-muted-foreground">No withdrawal has been paid, failed, returned or rejected yet.</p>
          ) : (
            <Table label="Withdrawal history">
              <THead>
                <TR>
                  <TH>Member</TH>
                  <TH>Program</TH>
                  <TH numeric>Amount</TH>
                  <TH>Outcome</TH>
                  <TH>Why</TH>
                  <TH>Requested</TH>
                  <TH>Last change</TH>
                </TR>
              </THead>
              <TBody>
                {history.map((h) => (
                  <TR key={h.id}>
                    <TD>{h.email}</TD>
                    <TD>{h.programName}</TD>
                    <TD numeric>
                      <Money amountMinor={h.amountMinor} currency={h.currency} />
                    </TD>
                    <TD>
                      <Badge variant={OUTCOME[h.outcome].variant} dot>
                        {OUTCOME[h.outcome].label}
                      </Badge>
                      {h.settledAt ? (
                        <p className="mt-1 whitespace-nowrap text-xs text-muted-foreground">Settled {day(h.settledAt)}</p>
                      ) : h.returnableUntil ? (
                        <p className="mt-1 whitespace-nowrap text-xs text-muted-foreground">Bank may return it until {day(h.returnableUntil)}</p>
                      ) : null}
                    </TD>
                    <TD className="max-w-xs text-xs text-muted-foreground">{h.reason ?? "—"}</TD>
                    <TD className="whitespace-nowrap">{when(h.createdAt)}</TD>
                    <TD className="whitespace-nowrap">{when(h.updatedAt)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
