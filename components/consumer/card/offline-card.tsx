"use client";

import { useEffect } from "react";

/** Same-origin static files this page loaded (scripts, styles, fonts), for the service worker to keep. */
function loadedAssets(): string[] {
  const urls = performance.getEntriesByType("resource").map((e) => e.name);
  for (const el of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[rel=stylesheet][href]")) {
    urls.push(el instanceof HTMLScriptElement ? el.src : el.href);
  }
  return [...new Set(urls.filter((u) => u.startsWith(`${location.origin}/_next/static/`)))];
}

/**
 * Makes the card page work offline once loaded: registers the service worker (public/sw.js, scope /wallet)
 * and hands it this page and the files it loaded, since the first load happened before the worker existed.
 */
export function OfflineCard() {
  useEffect(() => {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    let cancelled = false;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/wallet", updateViaCache: "none" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        if (!cancelled) registration.active?.postMessage({ type: "keep-card", page: location.href, assets: loadedAssets() });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return null;
}

/** Asks the service worker, if there is one, to forget the stored card (on sign-out). */
export function forgetOfflineCard(): void {
  if (!("serviceWorker" in navigator)) return;
  void navigator.serviceWorker
    .getRegistration("/wallet")
    .then((registration) => registration?.active?.postMessage({ type: "forget-card" }))
    .catch(() => undefined);
}
