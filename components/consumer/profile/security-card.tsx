"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { Alert, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";

export type SignInRow = { id: string; at: string; device: string; ip: string; current: boolean; ended: boolean };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** Recent sign-ins (time, device, address) and "Sign out everywhere". */
export function SecurityCard({ signIns, signOutEverywhere }: { signIns: SignInRow[]; signOutEverywhere: (input: Record<string, never>) => Promise<ActionResult<unknown>> }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setPending(true);
    setError(null);
    const result = await signOutEverywhere({});
    if (!result.ok) {
      setPending(false);
      return setError(result.error.message);
    }
    await signOut({ callbackUrl: "/signin" });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Sign-ins</CardTitle>
        <CardDescription>Recent sign-ins to your account. If you do not recognise one, change your password and sign out everywhere.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 p-5 sm:p-6">
        {signIns.length === 0 ? (
          <p className="text-sm text-muted-foreground">No sign-ins recorded yet.</p>
        ) : (
          <ul className="divide-y divide-border" aria-label="Recent sign-ins">
            {signIns.map((s) => (
              <li key={s.id} className="flex items-start justify-between gap-3 py-2.5 text-sm" data-testid="sign-in-row">
                <div className="min-w-0">
                  <p className="font-medium">{s.device}</p>
                  <p className="truncate text-muted-foreground">
                    <time dateTime={s.at}>{when.format(new Date(s.at))}</time> · {s.ip}
                  </p>
                </div>
                {s.current ? <Badge variant="success">This device</Badge> : s.ended ? <Badge variant="neutral">Signed out</Badge> : null}
              </li>
            ))}
          </ul>
        )}
        <Button variant="outline" onClick={() => setOpen(true)}>
          Sign out everywhere…
        </Button>
      </CardContent>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (pending) return;
          setOpen(next);
          setError(null);
        }}
        dismissible={!pending}
        title="Sign out everywhere?"
        description="Every device signed in to your account is signed out, this one too. You can sign in again with your password."
        footer={
          <>
            <Button variant="outline" data-autofocus="" disabled={pending} onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant="danger" loading={pending} onClick={confirm}>
              Sign out everywhere
            </Button>
          </>
        }
      >
        {error ? (
          <Alert variant="danger" role="alert">
            {error}
          </Alert>
        ) : null}
      </Dialog>
    </Card>
  );
}
