"use client";

import { lazy } from "react";
import { AfterHydration } from "@/components/ui/after-hydration";
import type { WalletPollerProps } from "./wallet-poller";

// The wallet is complete as the server rendered it; the polling that keeps it live (TanStack Query) loads once
// the page is interactive, so it is not part of the wallet's first-load JavaScript.
const WalletPoller = lazy(() => import("./wallet-poller"));

export function WalletLive(props: WalletPollerProps) {
  return (
    <AfterHydration>
      <WalletPoller {...props} />
    </AfterHydration>
  );
}
