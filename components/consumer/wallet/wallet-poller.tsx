"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { startTransition, useEffect, useRef } from "react";
import { QueryProvider } from "@/components/query/query-provider";
import { walletFingerprint, type WalletJson } from "@/lib/members/wallet-view";

const WALLET_QUERY_KEY = ["me", "wallet"] as const;
const POLL_MS = 5_000;

export type WalletPollerProps = { fingerprint: string; asOf: string; staleNotice: React.ReactNode };

async function fetchFingerprint(): Promise<string> {
  const res = await fetch("/api/me/wallet", { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`wallet: HTTP ${res.status}`);
  return walletFingerprint((await res.json()) as WalletJson);
}

/**
 * Keeps the server-rendered wallet live: polls `/api/me/wallet` every few seconds while the tab is visible
 * (TanStack Query pauses the interval for hidden tabs and refetches on focus) and, when the figures differ
 * from the ones on screen, asks the router for a fresh server render. A reward from the register or a shop's
 * webhook shows up without a reload, and the page's markup never has to ship as client code.
 */
function Poller({ fingerprint, asOf, staleNotice }: WalletPollerProps) {
  const router = useRouter();
  const { data, isError } = useQuery({
    queryKey: WALLET_QUERY_KEY,
    queryFn: fetchFingerprint,
    initialData: fingerprint,
    initialDataUpdatedAt: Date.parse(asOf),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: POLL_MS,
  });
  // The figures a refresh was last asked for: one refresh per change, however often the same figures come back.
  const requested = useRef(fingerprint);
  useEffect(() => {
    if (data === fingerprint || data === requested.current) return;
    requested.current = data;
    startTransition(() => router.refresh());
  }, [data, fingerprint, router]);
  return isError ? staleNotice : null;
}

export default function WalletPoller(props: WalletPollerProps) {
  return (
    <QueryProvider>
      <Poller {...props} />
    </QueryProvider>
  );
}
