"use client";

import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";

export function ConfirmWithdrawalForm({ token, confirm }: { token: string; confirm: (previous: { error: string } | null, form: FormData) => Promise<{ error: string }> }) {
  const [state, action, pending] = useActionState(confirm, null);
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {state?.error ? <Alert variant="danger">{state.error}</Alert> : null}
      <Button type="submit" className="w-full" loading={pending}>
        Confirm withdrawal
      </Button>
    </form>
  );
}
