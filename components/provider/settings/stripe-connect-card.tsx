"use client";

import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import { HostedOnboardingButton } from "@/components/stripe/hosted-onboarding-button";
import type { ActionResult } from "@/lib/actions/result";

export type ConnectCardState = "not_connected" | "onboarding_incomplete" | "can_accept_charges";

export interface StripeConnectCardProps {
  providerId: string;
  state: ConnectCardState;
  payoutsEnabled: boolean;
  /** Only owners connect the business's Stripe account; others see the state. */
  canConnect: boolean;
  /** Set when the owner came back from Stripe's onboarding ("return") or its link had expired ("refresh"). */
  returned: "return" | "refresh" | null;
  connect: (input: { providerId: string }) => Promise<ActionResult<{ url: string }>>;
}

const LABELS: Record<ConnectCardState, { badge: string; variant: "success" | "warning" | "neutral"; text: string }> = {
  not_connected: { badge: "Not connected", variant: "neutral", text: "Connect a Stripe account to charge membership fees: members' payments go straight to it, less Boomerang's fee." },
  onboarding_incomplete: { badge: "Onboarding incomplete", variant: "warning", text: "Stripe needs a few more details before your account can accept charges." },
  can_accept_charges: { badge: "Can accept charges", variant: "success", text: "Membership fees are paid into your Stripe account, less Boomerang's fee." },
};

/** Settings → Payments: the business's Stripe Connect account and the way to (continue to) onboard it. */
export function StripeConnectCard({ providerId, state, payoutsEnabled, canConnect, returned, connect }: StripeConnectCardProps) {
  const label = LABELS[state];

  return (
    <Card id="payments" data-testid="stripe-connect">
      <CardHeader>
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle as="h2">Payments</CardTitle>
          <Badge variant={label.variant} data-testid="stripe-connect-status">
            {label.badge}
          </Badge>
        </div>
        <CardDescription>{label.text}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {returned === "refresh" && state !== "can_accept_charges" ? <Alert variant="warning">That onboarding link has expired. Continue where you left off with a new one.</Alert> : null}
        {returned === "return" && state === "onboarding_incomplete" ? <Alert variant="warning">Stripe still needs some details. Continue onboarding to finish.</Alert> : null}
        {state === "can_accept_charges" && !payoutsEnabled ? <p className="text-sm text-muted-foreground">Stripe has not enabled payouts to your bank yet; charges still reach your Stripe balance.</p> : null}
        {state !== "can_accept_charges" ? (
          canConnect ? (
            <HostedOnboardingButton start={() => connect({ providerId })}>{state === "not_connected" ? "Connect with Stripe" : "Continue onboarding"}</HostedOnboardingButton>
          ) : (
            <p className="text-sm text-muted-foreground">Only an owner can connect the business&apos;s Stripe account.</p>
          )
        ) : null}
      </CardContent>
    </Card>
  );
}
