"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import type { ActionError, ActionResult } from "@/lib/actions/result";

export function ResetPasswordForm({
  token,
  resetPassword,
}: {
  token: string;
  resetPassword: (input: { token: string; password: string }) => Promise<ActionResult<{ email: string }>>;
}) {
  const router = useRouter();
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <form
      method="post"
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const password = String(form.get("password") ?? "");
        if (password !== String(form.get("confirm") ?? "")) return setError({ code: "VALIDATION", message: "The two passwords differ.", field: "confirm" });
        startTransition(async () => {
          const result = await resetPassword({ token, password });
          if (!result.ok) return setError(result.error);
          router.replace(`/signin?${new URLSearchParams({ reset: "1", email: result.data.email }).toString()}`);
        });
      }}
    >
      {error && error.field !== "password" && error.field !== "confirm" ? (
        <Alert variant="danger" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <Field label="New password" htmlFor="password" hint="At least 10 characters." error={error?.field === "password" ? error.message : undefined}>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} />
      </Field>
      <Field label="Repeat the new password" htmlFor="confirm" error={error?.field === "confirm" ? error.message : undefined}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" className="w-full" size="lg" loading={pending}>
        Set the new password
      </Button>
    </form>
  );
}
