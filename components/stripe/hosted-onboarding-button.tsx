"use client";

import { useState } from "react";
import { Alert, Button } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/result";

/**
 * A button that asks the server for a Stripe-hosted onboarding link (an account link) and goes there; Stripe
 * sends the person back to the page that asked. Used by a business connecting its Stripe account and by a
 * member setting up their payout account.
 */
export function HostedOnboardingButton({ start, children }: { start: () => Promise<ActionResult<{ url: string }>>; children: React.ReactNode }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function go() {
    setPending(true);
    setError(null);
    const result = await start();
    if (!result.ok) {
      setError(result.error.message);
      setPending(false);
      return;
    }
    window.location.assign(result.data.url);
  }

  return (
    <>
      {error ? <Alert variant="danger">{error}</Alert> : null}
      <Button onClick={go} loading={pending}>
        {children}
      </Button>
    </>
  );
}
