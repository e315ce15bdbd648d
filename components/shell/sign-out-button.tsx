"use client";

import { LogOut } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * next-auth's sign-out, spoken directly (CSRF token, then POST /api/auth/signout): every signed-in page shows
 * this button, and next-auth/react would add its whole client to each of them.
 */
async function signOut(callbackUrl: string): Promise<void> {
  // If the quick way fails, next-auth's own sign-out page does it in one click.
  let target = `${window.location.origin}/api/auth/signout`;
  try {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
    });
    const { url } = (await res.json()) as { url?: string };
    target = url ?? callbackUrl;
  } catch {
    // keep the fallback
  }
  window.location.href = target;
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      loading={pending}
      onClick={() => {
        setPending(true);
        void signOut("/");
      }}
    >
      <LogOut aria-hidden className="size-4" />
      <span>Sign out</span>
    </Button>
  );
}
