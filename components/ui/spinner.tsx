import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

const spinnerSizes = {
  sm: "size-3.5",
  md: "size-4",
  lg: "size-6",
} as const;

export type SpinnerProps = Omit<ComponentProps<"span">, "children"> & {
  size?: keyof typeof spinnerSizes;
  /** Announced to screen readers; ignored when `decorative`. */
  label?: string;
  /** Hide from assistive tech when the parent already conveys busy state (e.g. a loading button). */
  decorative?: boolean;
};

export function Spinner({ size = "md", label = "Loading", decorative = false, className, ...props }: SpinnerProps) {
  return (
    <span
      role={decorative ? undefined : "status"}
      aria-hidden={decorative || undefined}
      className={cn("inline-flex shrink-0 items-center justify-center", className)}
      {...props}
    >
      <svg
        data-essential-motion=""
        className={cn("animate-spin", spinnerSizes[size])}
        viewBox="0 0 24 24"
        fill="none"
        aria-hidden="true"
      >
        <circle cx="12" cy="12" r="9.5" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
        <path d="M21.5 12A9.5 9.5 0 0 0 12 2.5" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      {decorative ? null : <span className="sr-only">{label}</span>}
    </span>
  );
}
