import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

const tones = {
  neutral: { subtle: "border-border bg-surface-muted text-muted-foreground", outline: "border-border-strong text-muted-foreground", dot: "bg-subtle-foreground" },
  success: { subtle: "border-success-border bg-success-subtle text-success", outline: "border-success-border text-success", dot: "bg-success" },
  warning: { subtle: "border-warning-border bg-warning-subtle text-warning", outline: "border-warning-border text-warning", dot: "bg-warning" },
  danger: { subtle: "border-danger-border bg-danger-subtle text-danger", outline: "border-danger-border text-danger", dot: "bg-danger" },
  info: { subtle: "border-info-border bg-info-subtle text-info", outline: "border-info-border text-info", dot: "bg-info" },
  brand: { subtle: "border-brand-border bg-brand-subtle text-brand-emphasis", outline: "border-brand-border text-brand-emphasis", dot: "bg-brand" },
} as const;

export type BadgeVariant = keyof typeof tones;

export type BadgeProps = ComponentProps<"span"> & {
  variant?: BadgeVariant;
  /** "outline" drops the tinted fill. */
  appearance?: "subtle" | "outline";
  /** Leading status dot; pass a variant name to colour it differently from the badge. */
  dot?: boolean | BadgeVariant;
};

export function Badge({ variant = "neutral", appearance = "subtle", dot, className, children, ...props }: BadgeProps) {
  const tone = tones[variant];
  const dotClass = dot ? tones[dot === true ? variant : dot].dot : null;
  return (
    <span
      className={cn(
        "inline-flex h-6 items-center gap-1.5 rounded-full border px-2.5 text-xs leading-none font-medium whitespace-nowrap",
        appearance === "outline" ? cn("bg-transparent", tone.outline) : tone.subtle,
        className,
      )}
      {...props}
    >
      {dotClass ? <span aria-hidden="true" className={cn("size-1.5 shrink-0 rounded-full", dotClass)} /> : null}
      {children}
    </span>
  );
}
