"use client";

import { useState, useTransition } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import { InboxNotice } from "./inbox-notice";
import type { ActionError, ActionResult } from "@/lib/actions/result";

type Sent = { email: string; outbox: string | null };

export function ForgotPasswordForm({ requestReset }: { requestReset: (input: { email: string }) => Promise<ActionResult<Sent>> }) {
  const [error, setError] = useState<ActionError | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [pending, startTransition] = useTransition();

  if (sent) {
    return (
      <InboxNotice outbox={sent.outbox}>
        If <span className="font-medium text-foreground">{sent.email}</span> has a Boomerang account, a link to choose a new password is on its way.
        It works once, for 30 minutes.
      </InboxNotice>
    );
  }

  return (
    <form
      method="post"
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
        if (!email) return setError({ code: "VALIDATION", message: "Enter your e-mail address", field: "email" });
        startTransition(async () => {
          const result = await requestReset({ email });
          if (result.ok) setSent(result.data);
          else setError(result.error);
        });
      }}
    >
      {error && error.field !== "email" ? (
        <Alert variant="danger" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <Field label="E-mail" htmlFor="email" error={error?.field === "email" ? error.message : undefined}>
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Button type="submit" className="w-full" size="lg" loading={pending}>
        Send the link
      </Button>
    </form>
  );
}
