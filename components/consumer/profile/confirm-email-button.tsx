"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

export function ConfirmEmailButton({ token, confirm }: { token: string; confirm: (input: { token: string }) => Promise<ActionResult<{ email: string }>> }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-3">
      {error ? <Alert variant="danger">{error}</Alert> : null}
      <Button
        loading={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await confirm({ token });
            if (!result.ok) return void setError(result.error.message);
            toast.success(`Your e-mail is now ${result.data.email}`);
            router.push("/wallet/profile");
            router.refresh();
          })
        }
      >
        Confirm new e-mail
      </Button>
    </div>
  );
}
