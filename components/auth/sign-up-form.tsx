"use client";

import { useState, useTransition } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import { InboxNotice } from "./inbox-notice";
import type { ActionError, ActionResult } from "@/lib/actions/result";

type Sent = { email: string; outbox: string | null };

export function SignUpForm({ callbackUrl, signUp }: { callbackUrl?: string; signUp: (form: FormData) => Promise<ActionResult<Sent>> }) {
  const [error, setError] = useState<ActionError | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (callbackUrl) form.set("callbackUrl", callbackUrl);
    startTransition(async () => {
      const result = await signUp(form);
      if (result.ok) setSent(result.data);
      else setError(result.error);
    });
  }

  if (sent) {
    return (
      <InboxNotice outbox={sent.outbox}>
        We sent a message to <span className="font-medium text-foreground">{sent.email}</span>. Open the link in it to finish.
      </InboxNotice>
    );
  }

  const fieldError = (name: string) => (error?.field === name ? error.message.replace(`${name}: `, "") : undefined);
  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      {error && !error.field ? (
        <Alert variant="danger" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <Field label="Your name" htmlFor="name" hint="Optional — shown to cashiers as your first name only." error={fieldError("name")}>
        <Input id="name" name="name" autoComplete="name" maxLength={120} />
      </Field>
      <Field label="E-mail" htmlFor="email" error={fieldError("email")}>
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Field label="Password" htmlFor="password" hint="At least 10 characters." error={fieldError("password")}>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} />
      </Field>
      <Button type="submit" className="w-full" size="lg" loading={pending}>
        Create account
      </Button>
    </form>
  );
}
