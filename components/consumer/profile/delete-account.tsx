"use client";

import { useState } from "react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Money } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";
import type { MembershipView } from "./types";

/**
 * Deleting the account: what the member holds in each program is stated first, with a link to withdraw it;
 * deleting with money left needs the password and a confirmation that names the amounts given up
 * (docs/money-rules.md, "Deleted accounts").
 */
export function DeleteAccount({
  memberships,
  blockedReason,
  deleteAccount,
}: {
  memberships: MembershipView[];
  blockedReason: string | null;
  deleteAccount: (input: { password: string; forfeit: { memberId: string; availableMinor: string; pendingMinor: string }[] }) => Promise<ActionResult<unknown>>;
}) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [givenUp, setGivenUp] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const withMoney = memberships.filter((m) => BigInt(m.available) + BigInt(m.pending) + BigInt(m.held) > 0n);
  const paying = memberships.filter((m) => m.paying);
  const inProgress = withMoney.filter((m) => BigInt(m.held) > 0n);

  async function confirm() {
    if (withMoney.length > 0 && !givenUp) return setError({ field: "forfeit", message: "Confirm that you give up these balances, or keep your account and withdraw them first." });
    if (!password) return setError({ field: "password", message: "Enter your password to confirm." });
    setPending(true);
    const result = await deleteAccount({ password, forfeit: withMoney.map((m) => ({ memberId: m.memberId, availableMinor: m.available, pendingMinor: m.pending })) });
    if (!result.ok) {
      setPending(false);
      return setError({ field: result.error.field, message: result.error.message });
    }
    await signOut({ callbackUrl: "/" });
  }

  return (
    <Card className="border-danger/40">
      <CardHeader>
        <CardTitle as="h2">Delete account</CardTitle>
        <CardDescription>Erases your name, e-mail and password and ends every membership. This cannot be undone.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 p-5 sm:p-6">
        {blockedReason ? <Alert variant="info">{blockedReason}</Alert> : null}
        {withMoney.length > 0 ? (
          <div className="space-y-2 text-sm" data-testid="final-withdrawal">
            <p>
              You still hold cashback. <strong>Withdraw it first</strong>: after deletion nobody can pay it to you.
            </p>
            <ul className="space-y-1" aria-label="What you hold">
              {withMoney.map((m) => (
                <li key={m.memberId}>
                  {m.programName}: <Money amountMinor={BigInt(m.available)} currency={m.currency} /> available
                  {BigInt(m.pending) > 0n ? (
                    <>
                      , <Money amountMinor={BigInt(m.pending)} currency={m.currency} /> pending
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
            <Link href="/wallet/withdraw" className="font-medium text-brand underline underline-offset-2">
              Withdraw my cashback
            </Link>
          </div>
        ) : null}
        <Button variant="danger" disabled={blockedReason !== null} onClick={() => setOpen(true)}>
          Delete my account…
        </Button>
      </CardContent>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (pending) return;
          setOpen(next);
          setPassword("");
          setGivenUp(false);
          setError(null);
        }}
        dismissible={!pending}
        title="Delete your account?"
        description="Read what happens to your cashback first."
        footer={
          <>
            <Button variant="outline" data-autofocus="" disabled={pending} onClick={() => setOpen(false)}>
              Keep my account
            </Button>
            <Button variant="danger" loading={pending} onClick={confirm}>
              Delete account
            </Button>
          </>
        }
      >
        <div className="space-y-4 text-sm">
          {withMoney.length === 0 ? (
            <p>You have no cashback in any program, so nothing is lost.</p>
          ) : (
            <>
              <p>
                Your balances are <strong>not paid out</strong>. Available cashback moves to each business&apos;s unclaimed funds, which it keeps and reports; pending cashback is
                cancelled. You will no longer be able to spend or withdraw any of it.
              </p>
              {inProgress.length > 0 ? (
                <Alert variant="info">A withdrawal or payment is still in progress. You can delete your account once it is done.</Alert>
              ) : null}
              <ul className="space-y-2" aria-label="Your balances">
                {withMoney.map((m) => (
                  <li key={m.memberId} className="rounded-lg border border-border p-3">
                    <p className="font-medium">{m.programName}</p>
                    <p className="text-muted-foreground">
                      <Money amountMinor={BigInt(m.available)} currency={m.currency} /> available, <Money amountMinor={BigInt(m.pending)} currency={m.currency} /> pending
                      {BigInt(m.held) > 0n ? (
                        <>
                          , <Money amountMinor={BigInt(m.held)} currency={m.currency} /> held
                        </>
                      ) : null}
                    </p>
                  </li>
                ))}
              </ul>
              <label className="flex items-start gap-2">
                <input type="checkbox" className="mt-0.5 size-4 accent-brand" checked={givenUp} onChange={(e) => setGivenUp(e.target.checked)} />
                <span>
                  I give up{" "}
                  {withMoney.map((m, i) => (
                    <span key={m.memberId}>
                      {i > 0 ? "; " : ""}
                      <Money amountMinor={BigInt(m.available) + BigInt(m.pending)} currency={m.currency} /> in {m.programName}
                    </span>
                  ))}
                  .
                </span>
              </label>
              {error?.field === "forfeit" ? <p className="text-danger" role="alert">{error.message}</p> : null}
            </>
          )}
          {paying.length > 0 ? (
            <p data-testid="cancels-payments">
              Your paid {paying.length === 1 ? "membership" : "memberships"} ({paying.map((m) => m.programName).join(", ")}) {paying.length === 1 ? "is" : "are"} cancelled first:
              you will not be charged again. The current period is not refunded.
            </p>
          ) : null}
          <p>Your purchase and cashback history stays with the businesses, without your name or e-mail.</p>
          <Field label="Your password" error={error?.field === "password" ? error.message : undefined} required>
            <Input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          {error && error.field !== "password" && error.field !== "forfeit" ? <Alert variant="danger">{error.message}</Alert> : null}
        </div>
      </Dialog>
    </Card>
  );
}
