"use client";

import { useEffect } from "react";
import { usePlaidLink } from "react-plaid-link";

/** Opens Plaid Link as soon as its script is ready; reports the public token, or null when the member leaves. */
export function PlaidLinkLauncher({ token, onDone }: { token: string; onDone: (publicToken: string | null) => void }) {
  const { open, ready } = usePlaidLink({
    token,
    onSuccess: (publicToken) => onDone(publicToken),
    onExit: () => onDone(null),
  });
  useEffect(() => {
    if (ready) open();
  }, [ready, open]);
  return null;
}
