"use client";

import { useEffect, useSyncExternalStore } from "react";
import { useQuery } from "@tanstack/react-query";
import { QueryProvider } from "@/components/query/query-provider";
import { Alert } from "@/components/ui/alert";

export type CardCodeJson = { memberId: string; code: string; payload: string; expiresAt: string; svg: string };

// Refresh a minute before the payload expires, so the code on screen is always one the register accepts.
const REFRESH_BEFORE_MS = 60_000;
const MIN_REFRESH_MS = 10_000;

async function fetchCard(memberId: string): Promise<CardCodeJson> {
  const res = await fetch(`/api/me/card?program=${encodeURIComponent(memberId)}`, { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`card: HTTP ${res.status}`);
  return (await res.json()) as CardCodeJson;
}

function refreshIn(expiresAt: string): number {
  return Math.max(MIN_REFRESH_MS, Date.parse(expiresAt) - Date.now() - REFRESH_BEFORE_MS);
}

/** Keeps the screen awake while the card is shown, where the browser allows it (the cashier needs time to scan). */
function useWakeLock() {
  useEffect(() => {
    let lock: WakeLockSentinel | null = null;
    let cancelled = false;
    const acquire = () => {
      if (document.visibilityState !== "visible" || !("wakeLock" in navigator)) return;
      navigator.wakeLock
        .request("screen")
        .then((l) => {
          if (cancelled) void l.release();
          else lock = l;
        })
        .catch(() => undefined);
    };
    acquire();
    document.addEventListener("visibilitychange", acquire);
    return () => {
      cancelled = true;
      document.removeEventListener("visibilitychange", acquire);
      void lock?.release().catch(() => undefined);
    };
  }, []);
}

function subscribeOnline(onChange: () => void) {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

/** Offline (the page came from the service worker's copy): the QR code on screen may be out of date. */
function useOffline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => !navigator.onLine, () => false);
}

/**
 * The QR code of the rotating card payload. The server renders the first one; a new one is fetched before it
 * expires (and when the tab comes back), so a screenshot stops working within minutes.
 */
export function LiveCard({ initial }: { initial: CardCodeJson }) {
  return (
    <QueryProvider>
      <Card initial={initial} />
    </QueryProvider>
  );
}

function Card({ initial }: { initial: CardCodeJson }) {
  useWakeLock();
  const offline = useOffline();
  const { data, isError } = useQuery({
    queryKey: ["me", "card", initial.memberId],
    queryFn: () => fetchCard(initial.memberId),
    initialData: initial,
    staleTime: (q) => refreshIn(q.state.data?.expiresAt ?? initial.expiresAt),
    refetchInterval: (q) => refreshIn(q.state.data?.expiresAt ?? initial.expiresAt),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  });
  return (
    <div className="space-y-3">
      <div
        role="img"
        aria-label={`QR code of your card ${data.code}`}
        data-testid="card-qr"
        data-payload={data.payload}
        className="mx-auto aspect-square w-full max-w-72 rounded-xl bg-white p-4 shadow-sm [&_svg]:h-full [&_svg]:w-full"
        // The SVG comes from our own server (qrcode rendering of our own payload), never from user input.
        dangerouslySetInnerHTML={{ __html: data.svg }}
      />
      {offline ? (
        <Alert variant="warning" title="You are offline" data-testid="card-offline">
          This QR code renews when you are back online. Until then the cashier can type the code below.
        </Alert>
      ) : isError ? (
        <Alert variant="warning" title="Could not refresh the QR code">
          If the cashier cannot scan it, they can type the code below.
        </Alert>
      ) : null}
    </div>
  );
}
