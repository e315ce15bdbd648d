"use client";

import { useSyncExternalStore, type CSSProperties } from "react";
import { Toaster as SonnerToaster, type ToasterProps as SonnerToasterProps } from "sonner";

export { toast } from "sonner";

// Sonner reads these variables; inline style beats its own theme rules, so toasts follow our
// tokens (and therefore dark mode) instead of Sonner's palette.
const tokenStyle = {
  fontFamily: "var(--font-sans)",
  "--normal-bg": "var(--surface)",
  "--normal-border": "var(--border)",
  "--normal-text": "var(--foreground)",
  "--success-bg": "color-mix(in oklab, var(--success) 9%, var(--surface))",
  "--success-border": "var(--success-border)",
  "--success-text": "var(--success)",
  "--info-bg": "color-mix(in oklab, var(--info) 9%, var(--surface))",
  "--info-border": "var(--info-border)",
  "--info-text": "var(--info)",
  "--warning-bg": "color-mix(in oklab, var(--warning) 9%, var(--surface))",
  "--warning-border": "var(--warning-border)",
  "--warning-text": "var(--warning)",
  "--error-bg": "color-mix(in oklab, var(--danger) 9%, var(--surface))",
  "--error-border": "var(--danger-border)",
  "--error-text": "var(--danger)",
  "--border-radius": "0.875rem",
} as CSSProperties;

export type ToasterProps = SonnerToasterProps;

// Phones: at the top, clear of the wallet's bottom tabs and the thumb. Wider screens: bottom right, clear of the
// dashboard's navigation (a toast over a link also pauses itself while the pointer rests on it).
const WIDE = "(min-width: 768px)";
const subscribeWide = (onChange: () => void) => {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
};

/** Mount once in the root layout (it is rendered in the browser only: see LazyToaster). */
export function Toaster({ style, toastOptions, ...props }: ToasterProps) {
  const wide = useSyncExternalStore(
    subscribeWide,
    () => window.matchMedia(WIDE).matches,
    () => false,
  );
  return (
    <SonnerToaster
      position={wide ? "bottom-right" : "top-center"}
      theme="system"
      richColors
      closeButton
      visibleToasts={4}
      style={{ ...tokenStyle, ...style }}
      toastOptions={{ ...toastOptions, style: { boxShadow: "var(--shadow-lg)", ...toastOptions?.style } }}
      {...props}
    />
  );
}
