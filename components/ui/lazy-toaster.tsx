"use client";

import dynamic from "next/dynamic";

// Toasts only ever follow something the person did, after the page is interactive: the toaster (and sonner)
// can load right after hydration instead of being part of every page's first-load JavaScript.
const Toaster = dynamic(() => import("./toaster").then((m) => m.Toaster), { ssr: false });

export function LazyToaster() {
  return <Toaster />;
}
