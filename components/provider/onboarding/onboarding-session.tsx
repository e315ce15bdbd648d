"use client";

import { SessionProvider } from "next-auth/react";

/** The client session, for the one page that refreshes it (onboarding); the rest of the app ships without it. */
export function OnboardingSession({ children }: { children: React.ReactNode }) {
  return <SessionProvider refetchOnWindowFocus={false}>{children}</SessionProvider>;
}
