"use client";

import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";
import { confirmWithdrawalFormAction } from "./actions";

export function ConfirmWithdrawalForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(confirmWithdrawalFormAction, null);
  return (
    <form action={action} method="post" className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {state?.error ? <Alert variant="danger">{state.error}</Alert> : null}
      <Button type="submit" className="w-full" loading={pending}>
        Confirm withdrawal
      </Button>
    </form>
  );
}
