"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, Button } from "@/components/ui";
import { confirmSignupAction } from "./actions";

export function ConfirmSignupButton({ token, callbackUrl }: { token: string; callbackUrl?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-4">
      {error ? (
        <Alert variant="danger" role="alert">
          {error}
        </Alert>
      ) : null}
      <Button
        className="w-full"
        size="lg"
        loading={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await confirmSignupAction({ token });
            if (!result.ok) return setError(result.error.message);
            const next = new URLSearchParams({ verified: "1", email: result.data.email });
            if (callbackUrl) next.set("callbackUrl", callbackUrl);
            router.replace(`/signin?${next.toString()}`);
          })
        }
      >
        Confirm and create my account
      </Button>
    </div>
  );
}
