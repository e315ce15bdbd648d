import type { Metadata } from "next";
import { Banknote } from "lucide-react";
import { Alert, Card, CardContent, CardHeader, CardTitle, EmptyState, Money, PageHeader } from "@/components/ui";
import { CancelWithdrawalButton } from "@/components/consumer/withdraw/cancel-withdrawal-button";
import { WithdrawForm } from "@/components/consumer/withdraw/withdraw-form";
import { WithdrawalStatusBadge } from "@/components/consumer/withdraw/withdrawal-status";
import { requireUser } from "@/lib/auth/session";
import { getWithdrawPage } from "@/lib/withdrawals/get-withdraw-page";
import { cancelWithdrawalAction, requestWithdrawalAction } from "./actions";

export const metadata: Metadata = { title: "Withdraw" };

export default async function WithdrawPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/wallet/withdraw");
  const { confirmed } = await searchParams;
  const page = await getWithdrawPage(user.id);
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title="Withdraw" description="Send available cashback to your bank account. Pending cashback can be withdrawn once it becomes available." />
      {confirmed === "1" ? <Alert variant="success">Confirmed. Your withdrawal is on its way; we will tell you when it arrives.</Alert> : null}
      {confirmed === "review" ? <Alert variant="info">Confirmed. Larger withdrawals are checked by our team first, usually within a working day.</Alert> : null}
      <Card>
        <CardContent className="p-5">
          <WithdrawForm
            memberships={page.memberships.map((m) => ({ ...m, availableMinor: m.availableMinor.toString(), owedBackMinor: m.owedBackMinor.toString() }))}
            accounts={page.accounts.map((a) => ({ ...a, usableAt: a.usableAt.toISOString() }))}
            minMinor={page.minMinor.toString()}
            request={requestWithdrawalAction}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Your withdrawals</CardTitle>
        </CardHeader>
        <CardContent>
          {page.withdrawals.length === 0 ? (
            <EmptyState icon={<Banknote aria-hidden className="size-6" />} title="No withdrawals yet" description="Withdrawals you make appear here with their status." />
          ) : (
            <ul className="divide-y divide-border" aria-label="Withdrawals">
              {page.withdrawals.map((w) => (
                <li key={w.id} className="flex items-start justify-between gap-3 py-3" data-testid="withdrawal">
                  <div className="min-w-0 space-y-1">
                    <p className="font-medium">
                      <Money amountMinor={w.amountMinor} currency={w.currency} /> · {w.programName}
                    </p>
                    <p className="truncate text-sm text-muted-foreground">
                      To {w.account} · {w.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}
                    </p>
                    {w.failureReason && (w.status === "FAILED" || w.status === "CANCELED") ? <p className="text-sm text-muted-foreground">{w.failureReason}</p> : null}
                    {w.status === "AWAITING_FUNDING" ? (
                      <p className="text-sm text-muted-foreground" data-testid="waiting-for-funding">
                        {w.programName} pays out only cashback it has funded, and its prepaid balance is short right now. We send it as soon as
                        it tops up and tell you; until then the amount stays set aside, and you can cancel.
                      </p>
                    ) : null}
                  </div>
                  <div className="flex shrink-0 flex-col items-end gap-2">
                    <WithdrawalStatusBadge status={w.status} />
                    {w.status === "AWAITING_CONFIRMATION" || w.status === "AWAITING_APPROVAL" || w.status === "AWAITING_FUNDING" ? <CancelWithdrawalButton withdrawalId={w.id} cancel={cancelWithdrawalAction} /> : null}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
