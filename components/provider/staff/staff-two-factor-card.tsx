"use client";

import { useState } from "react";
import { Alert, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

export interface StaffTwoFactorCardProps {
  providerId: string;
  required: boolean;
  setRequired: (input: { providerId: string; required: boolean }) => Promise<ActionResult<{ required: boolean; changed: boolean }>>;
}

/** The owner's switch: everyone who works here signs in with a second factor. */
export function StaffTwoFactorCard({ providerId, required, setRequired }: StaffTwoFactorCardProps) {
  const [on, setOn] = useState(required);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function toggle() {
    setError(null);
    setPending(true);
    const result = await setRequired({ providerId, required: !on });
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setOn(result.data.required);
    toast.success(result.data.required ? "Two-factor sign-in is now required of your staff" : "Two-factor sign-in is no longer required");
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2">
          Two-factor sign-in for staff <Badge variant={on ? "success" : "neutral"}>{on ? "Required" : "Optional"}</Badge>
        </CardTitle>
        <CardDescription>
          When required, everyone who works here needs an authenticator app code to sign in; anyone without one is asked to set it up before they can
          open the dashboard or the register.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {error ? <Alert variant="danger">{error}</Alert> : null}
        <Button type="button" variant={on ? "outline" : "primary"} loading={pending} onClick={toggle}>
          {on ? "Stop requiring it" : "Require two-factor sign-in"}
        </Button>
      </CardContent>
    </Card>
  );
}
