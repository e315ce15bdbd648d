import type { ComponentProps, CSSProperties } from "react";
import { cn } from "@/lib/utils/cn";

export type TableProps = ComponentProps<"table"> & {
  /** Classes for the scroll container (border, radius, max-height…). */
  containerClassName?: string;
  /** Names the scroll region for screen readers (e.g. "Recent rewards"). */
  label?: string;
};

// Scroll shadows, CSS only: two surface-coloured covers scroll with the content (local) and hide two shadows that
// stay at the edges (scroll), so a shadow shows on each side that has more columns to see, and none when all fits.
const scrollShadows: CSSProperties = {
  backgroundColor: "var(--color-surface)",
  backgroundImage:
    "linear-gradient(to right, var(--color-surface) 30%, transparent), linear-gradient(to left, var(--color-surface) 30%, transparent), " +
    "radial-gradient(farthest-side at 0 50%, rgb(0 0 0 / 0.22), transparent), radial-gradient(farthest-side at 100% 50%, rgb(0 0 0 / 0.22), transparent)",
  backgroundPosition: "left center, right center, left center, right center",
  backgroundRepeat: "no-repeat",
  backgroundSize: "48px 100%, 48px 100%, 16px 100%, 16px 100%",
  backgroundAttachment: "local, local, scroll, scroll",
};

export function Table({ className, containerClassName, label, ...props }: TableProps) {
  return (
    // Focusable so keyboard users can scroll wide tables on small screens.
    <div
      tabIndex={0}
      role={label ? "region" : undefined}
      aria-label={label}
      className={cn(
        "relative w-full overflow-x-auto rounded-xl border border-border bg-surface [-webkit-overflow-scrolling:touch]",
        containerClassName,
      )}
      style={scrollShadows}
    >
      <table className={cn("w-full caption-bottom border-collapse text-sm", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("bg-surface-muted/60", className)} {...props} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("[&>tr:last-child]:border-b-0", className)} {...props} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr
      className={cn("border-b border-border transition-colors [tbody>&]:hover:bg-surface-muted/50", className)}
      {...props}
    />
  );
}

type CellAlignment = {
  /** Right-aligns with tabular figures so amounts line up. */
  numeric?: boolean;
};

export function TH({ className, numeric, scope = "col", ...props }: ComponentProps<"th"> & CellAlignment) {
  return (
    <th
      scope={scope}
      className={cn(
        "h-10 px-4 text-left align-middle text-xs font-medium tracking-wide whitespace-nowrap text-muted-foreground uppercase",
        numeric && "text-right",
        className,
      )}
      {...props}
    />
  );
}

export function TD({ className, numeric, ...props }: ComponentProps<"td"> & CellAlignment) {
  return (
    <td
      className={cn(
        "px-4 py-3 align-middle text-foreground",
        numeric && "text-right whitespace-nowrap tabular-nums",
        className,
      )}
      {...props}
    />
  );
}
