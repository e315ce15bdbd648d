import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";
import { Spinner } from "./spinner";

const base =
  "inline-flex shrink-0 cursor-pointer items-center justify-center gap-2 whitespace-nowrap rounded-lg font-medium " +
  "transition-[color,background-color,border-color,box-shadow] duration-150 select-none " +
  "disabled:pointer-events-none disabled:opacity-50 aria-disabled:pointer-events-none aria-disabled:opacity-50 " +
  "[&_svg]:pointer-events-none [&_svg]:shrink-0";

const variants = {
  primary: "bg-brand text-brand-foreground shadow-xs hover:bg-brand-hover",
  secondary: "bg-surface-muted text-foreground hover:bg-border",
  outline: "border border-border-strong bg-surface text-foreground shadow-xs hover:bg-surface-muted",
  ghost: "text-foreground hover:bg-surface-muted",
  danger: "bg-danger-solid text-white shadow-xs hover:brightness-90",
  link: "rounded-sm text-brand-emphasis underline-offset-4 hover:underline",
} as const;

// Mobile sizes meet the 44px touch-target minimum; desktop tightens up.
const sizes = {
  sm: "h-9 px-3 text-sm sm:h-8 sm:px-2.5 [&_svg]:size-4",
  md: "h-11 px-4 text-base sm:h-9 sm:px-3.5 sm:text-sm [&_svg]:size-4",
  lg: "h-12 px-5 text-base [&_svg]:size-5",
  icon: "size-11 sm:size-9 [&_svg]:size-4",
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

export interface ButtonVariantOptions {
  variant?: ButtonVariant;
  size?: ButtonSize;
  fullWidth?: boolean;
  className?: string;
}

/** Class names for anything that should look like a button, e.g. `<Link className={buttonVariants()}>`. */
export function buttonVariants({
  variant = "primary",
  size = "md",
  fullWidth = false,
  className,
}: ButtonVariantOptions = {}): string {
  return cn(base, variants[variant], variant === "link" ? "h-auto px-0" : sizes[size], fullWidth && "w-full", className);
}

export type ButtonProps = ComponentProps<"button"> &
  Omit<ButtonVariantOptions, "className"> & {
    /** Shows a spinner, disables the button and sets aria-busy; the label stays for a stable width. */
    loading?: boolean;
  };

export function Button({
  variant,
  size,
  fullWidth,
  loading = false,
  disabled,
  className,
  children,
  ...props
}: ButtonProps) {
  return (
    <button
      className={buttonVariants({ variant, size, fullWidth, className })}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...props}
    >
      {loading ? <Spinner decorative size={size === "lg" ? "md" : "sm"} /> : null}
      {loading && size === "icon" ? null : children}
    </button>
  );
}
