"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";

type Props = {
  enabled: boolean;
  recoveryCodesLeft: number;
  /** Platform admins under REQUIRE_ADMIN_2FA: set up before anything else. */
  required: boolean;
  start: (input: Record<string, never>) => Promise<ActionResult<{ secret: string; qr: string }>>;
  confirm: (input: { code: string }) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
  disable: (input: { password: string }) => Promise<ActionResult<unknown>>;
};

/** Two-factor sign-in: enrol with a QR code (or the key typed in), confirm with a code, recovery codes shown once. */
export function TwoFactorCard({ enabled, recoveryCodesLeft, required, start, confirm, disable }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offOpen, setOffOpen] = useState(false);
  const [password, setPassword] = useState("");

  if (codes) {
    return (
      <Card>
        <CardHeader>
          <CardTitle as="h2">Two-factor sign-in is on</CardTitle>
          <CardDescription>Save these recovery codes somewhere safe. Each signs you in once if you lose your phone. They are shown only now.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4 p-5 sm:p-6">
          <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-lg border border-border bg-surface-muted p-3 font-mono text-sm">
            {codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <Button
            onClick={() => {
              setCodes(null);
              router.refresh();
            }}
          >
            I have saved them
          </Button>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Two-factor sign-in</CardTitle>
        <CardDescription>A code from an authenticator app on your phone, asked for after your password.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 p-5 sm:p-6">
        {required && !enabled ? <Alert variant="warning">Platform admins must use two-factor sign-in. Set it up to continue to the admin console.</Alert> : null}
        {error && !setup ? (
          <Alert variant="danger" role="alert">
            {error}
          </Alert>
        ) : null}
        {enabled ? (
          <>
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <Badge variant="success">On</Badge>
              <span className="text-muted-foreground">
                {recoveryCodesLeft} recovery code{recoveryCodesLeft === 1 ? "" : "s"} left
              </span>
            </p>
            <Button variant="outline" onClick={() => setOffOpen(true)}>
              Turn off…
            </Button>
          </>
        ) : setup ? (
          <form
            className="space-y-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
              if (!code) return setError("Enter the 6-digit code your app shows.");
              startTransition(async () => {
                const result = await confirm({ code });
                if (!result.ok) return setError(result.error.message);
                setError(null);
                setSetup(null);
                setCodes(result.data.recoveryCodes);
              });
            }}
          >
            <p className="text-sm">1. Scan this QR code with an authenticator app (or type the key).</p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
            <img src={setup.qr} alt="QR code to add Boomerang to your authenticator app" width={200} height={200} className="rounded-md border border-border" />
            <p className="text-sm text-muted-foreground">
              Key:{" "}
              <code className="break-all rounded bg-surface-muted px-1.5 py-0.5 font-mono text-foreground" data-testid="totp-secret">
                {setup.secret}
              </code>
            </p>
            <Field label="2. Code from the app" htmlFor="totp-code" error={error ?? undefined}>
              <Input id="totp-code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={8} />
            </Field>
            <Button type="submit" loading={pending}>
              Turn on
            </Button>
          </form>
        ) : (
          <Button
            loading={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await start({});
                if (!result.ok) return setError(result.error.message);
                setError(null);
                setSetup(result.data);
              })
            }
          >
            Set up two-factor sign-in
          </Button>
        )}
      </CardContent>
      <Dialog
        open={offOpen}
        onOpenChange={(next) => {
          if (pending) return;
          setOffOpen(next);
          setPassword("");
          setError(null);
        }}
        dismissible={!pending}
        title="Turn off two-factor sign-in?"
        description="Signing in will need only your password."
        footer={
          <>
            <Button variant="outline" data-autofocus="" disabled={pending} onClick={() => setOffOpen(false)}>
              Keep it on
            </Button>
            <Button
              variant="danger"
              loading={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await disable({ password });
                  if (!result.ok) return setError(result.error.message);
                  setOffOpen(false);
                  setPassword("");
                  router.refresh();
                })
              }
            >
              Turn off
            </Button>
          </>
        }
      >
        <Field label="Your password" htmlFor="two-factor-off-password" error={offOpen ? (error ?? undefined) : undefined}>
          <Input id="two-factor-off-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
      </Dialog>
    </Card>
  );
}
