"use client";

import { Suspense, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * Renders its children only in the browser, once the page has hydrated, inside a Suspense boundary: put a
 * `React.lazy` component in it and that code loads after the page is interactive instead of being part of its
 * first-load JavaScript (the toaster, the wallet's live polling).
 */
export function AfterHydration({ children }: { children: React.ReactNode }) {
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return hydrated ? <Suspense fallback={null}>{children}</Suspense> : null;
}
