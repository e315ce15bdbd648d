"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";

// The server's messages for an account with two-factor sign-in (lib/auth/authenticate.ts).
const CODE_REQUIRED = /^Enter the 6-digit code/;
const CODE_WRONG = /^That code is not right/;

export function SignInForm({ callbackUrl, defaultEmail, notice }: { callbackUrl?: string; defaultEmail?: string; notice?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // After a right password on an account with two-factor sign-in: ask for the code, keep what was typed.
  const [secondStep, setSecondStep] = useState<{ email: string; password: string } | null>(null);

  async function attempt(credentials: { email: string; password: string; code?: string }) {
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { ...credentials, redirect: false });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl ?? "/home");
      router.refresh();
      return;
    }
    setPending(false);
    const message = result?.error ?? "";
    if (CODE_REQUIRED.test(message) && !credentials.code) return setSecondStep({ email: credentials.email, password: credentials.password });
    if (CODE_WRONG.test(message) || CODE_REQUIRED.test(message)) return setError(message);
    setSecondStep(null);
    setError(!message || message === "CredentialsSignin" ? "That e-mail and password don't match an account." : message);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (secondStep) {
      const code = String(form.get("code") ?? "").trim();
      if (!code) return setError("Enter the code from your authenticator app, or a recovery code.");
      return attempt({ ...secondStep, code });
    }
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError("Enter your e-mail and password.");
      return;
    }
    await attempt({ email, password });
  }

  if (secondStep) {
    return (
      <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
        <p className="text-sm text-muted-foreground">Two-factor sign-in is on for {secondStep.email}.</p>
        {error ? (
          <Alert variant="danger" role="alert">
            {error}
          </Alert>
        ) : null}
        <Field label="Authentication code" htmlFor="code" hint="The 6-digit code from your app, or one of your recovery codes.">
          <Input id="code" name="code" inputMode="text" autoComplete="one-time-code" autoFocus required maxLength={40} />
        </Field>
        <Button type="submit" className="w-full" size="lg" loading={pending}>
          Verify
        </Button>
        <Button
          type="button"
          variant="link"
          className="w-full"
          onClick={() => {
            setSecondStep(null);
            setError(null);
          }}
        >
          Use another account
        </Button>
      </form>
    );
  }

  return (
    // method="post": a submit before hydration must never put the password in the URL.
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      {notice ? <Alert variant="success">{notice}</Alert> : null}
      {error ? (
        <Alert variant="danger" role="alert">
          {error}
        </Alert>
      ) : null}
      <Field label="E-mail" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={defaultEmail} />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <p className="-mt-2 text-right text-sm">
        <Link className="font-medium text-brand-emphasis hover:underline" href="/forgot-password">
          Forgot password?
        </Link>
      </p>
      <Button type="submit" className="w-full" size="lg" loading={pending}>
        Sign in
      </Button>
    </form>
  );
}
