"use client";

import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";
import { confirmSignupFormAction } from "./actions";

export function ConfirmSignupButton({ token, callbackUrl }: { token: string; callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState(confirmSignupFormAction, null);
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
