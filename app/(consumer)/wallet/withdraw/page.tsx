import type { Metadata } from "next";
import { Banknote } from "lucide-react";
import { Alert, Card, CardContent, CardHeader, CardTitle, EmptyState, Money, PageHeader } from "@/components/ui";
import { CancelWithdrawalButton } from "@/components/consumer/withdraw/cancel-withdrawal-button";
import { WithdrawForm } from "@/components/consumer/withdraw/withdraw-form";
import { WithdrawalStatusBadge } from "@/components/consumer/withdraw/withdrawal-status";
import { requireUser } from "@/lib/auth/session";
import { getWithdrawPage } from "@/lib/withdrawals/get-withdraw-page";
import { HostedOnboardingButton } from "@/components/stripe/hosted-onboarding-button";
import { cancelWithdrawalAction, requestWithdrawalAction, startPayoutSetupAction } from "./actions";

export const metadata: Metadata = { title: "Withdraw" };

export default async function WithdrawPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/wallet/withdraw");
  const { confirmed, stripe } = await searchParams;
  const page = await getWithdrawPage(user.id, new Date(), { backFromStripe: stripe === "return" });
  const waitingForSetUp = page.withdrawals.some((w) => w.status === "AWAITING_PAYOUT_SETUP");
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title="Withdraw" description="Send available cashback to your bank account. Pending cashback can be withdrawn once it becomes available." />
      {confirmed === "1" ? <Alert variant="success">Confirmed. Your withdrawal is on its way; we will tell you when it arrives.</Alert> : null}
      {confirmed === "review" ? <Alert variant="info">Confirmed. Larger withdrawals are checked by our team first, usually within a working day.</Alert> : null}
      {confirmed === "setup" && waitingForSetUp ? <Alert variant="info">Confirmed. One more step before we send it: set up your payouts with Stripe.</Alert> : null}
      {waitingForSetUp ? (
        <Card data-testid="payout-setup">
          <CardHeader>
            <CardTitle as="h2">Finish payout set-up</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3">
            <p className="text-sm text-muted-foreground">
              {page.payoutAccount === "none"
                ? "Our payment partner Stripe pays your withdrawals out. Set up your payout account with Stripe once: it checks your identity and asks for the bank account to pay. We send your withdrawal as soon as it is done."
                : "Stripe still needs some details before it can pay you out. Continue where you left off; we send your withdrawal as soon as it is done."}
            </p>
            {stripe === "refresh" ? <Alert variant="warning">That set-up link has expired. Continue with a new one.</Alert> : null}
            <HostedOnboardingButton start={startPayoutSetupAction.bind(null, {})}>{page.payoutAccount === "none" ? "Set up payouts with Stripe" : "Continue payout set-up"}</HostedOnboardingButton>
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardContent className="p-5">
          <WithdrawForm
            memberships={page.memberships.map((m) => ({ ...m, availableMinor: m.availableMinor.toString(), owedBackMinor: m.owedBackMinor.toString() }))}
            accounts={page.accounts.map((a) => ({ ...a, usableAt: a.usableAt.toISOString() }))}
            minMinor={Object.fromEntries(Object.entries(page.minMinor).map(([c, v]) => [c, v.toString()]))}
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
                    {w.status === "AWAITING_CONFIRMATION" || w.status === "AWAITING_APPROVAL" || w.status === "AWAITING_PAYOUT_SETUP" || w.status === "AWAITING_FUNDING" ? <CancelWithdrawalButton withdrawalId={w.id} cancel={cancelWithdrawalAction} /> : null}
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
