"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";

export function SignInForm({ callbackUrl, defaultEmail, notice }: { callbackUrl?: string; defaultEmail?: string; notice?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError("Enter your e-mail and password.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { email, password, redirect: false });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl ?? "/home");
      router.refresh();
      return;
    }
    setPending(false);
    setError(!result?.error || result.error === "CredentialsSignin" ? "That e-mail and password don't match an account." : result.error);
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
