"use client";

import { Suspense, lazy } from "react";

/** What Next.js hands an `error.tsx`: `retry` re-renders the segment from the server. */
export type ErrorPageProps = { error: unknown; retry: () => void };

// Loaded only when a page fails: every `error.tsx` is part of its route's first-load JavaScript, and the view's
// UI primitives (with their class merging) need not be.
const PageErrorView = lazy(() => import("./page-error-view").then((m) => ({ default: m.PageErrorView })));

/** The error state of a page: what failed, that nothing changed, a reference for support, and a retry. */
export function PageError(props: ErrorPageProps & { what: string }) {
  return (
    <Suspense fallback={null}>
      <PageErrorView {...props} />
    </Suspense>
  );
}
