"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Money } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";
import type { MembershipView } from "./types";

/** Deleting the account: the balances in each program are stated first, and the password is required. */
export function DeleteAccount({
  memberships,
  blockedReason,
  deleteAccount,
}: {
  memberships: MembershipView[];
  blockedReason: string | null;
  deleteAccount: (input: { password: string }) => Promise<ActionResult<unknown>>;
}) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const withMoney = memberships.filter((m) => BigInt(m.available) + BigInt(m.pending) + BigInt(m.held) > 0n);
  const paying = memberships.filter((m) => m.paying);

  async function confirm() {
    if (!password) return setError({ field: "password", message: "Enter your password to confirm." });
    setPending(true);
    const result = await deleteAccount({ password });
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
                Your balances are <strong>not paid out</strong>. They stay recorded in each program&apos;s books, where the business sees them, but you will no longer be able to
                spend or withdraw them. Use or withdraw them first if you can.
              </p>
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
          {error && error.field !== "password" ? <Alert variant="danger">{error.message}</Alert> : null}
        </div>
      </Dialog>
    </Card>
  );
}
