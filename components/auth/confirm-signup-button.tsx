"use client";

import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";

export function ConfirmSignupButton({ token, callbackUrl, confirm }: { token: string; callbackUrl?: string; confirm: (previous: { error: string } | null, form: FormData) => Promise<{ error: string }> }) {
  const [state, formAction, pending] = useActionState(confirm, null);
  return (
    <form action={formAction} className="space-y-4">
      {state?.error ? (
        <Alert variant="danger" role="alert">
          {state.error}
        </Alert>
      ) : null}
      <input type="hidden" name="token" value={token} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Button type="submit" className="w-full" size="lg" loading={pending}>
        Confirm and create my account
      </Button>
    </form>
  );
}
