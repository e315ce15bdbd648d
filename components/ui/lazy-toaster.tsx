"use client";

import { lazy } from "react";
import { AfterHydration } from "./after-hydration";

// Toasts only ever follow something the person did, after the page is interactive: the toaster (and sonner)
// can load right after hydration instead of being part of every page's first-load JavaScript.
const Toaster = lazy(() => import("./toaster").then((m) => ({ default: m.Toaster })));

export function LazyToaster() {
  return (
    <AfterHydration>
      <Toaster />
    </AfterHydration>
  );
}
