import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

// 16px text below `sm` stops iOS Safari zooming into focused fields.
export const controlClasses =
  "w-full min-w-0 rounded-lg border border-input bg-surface text-base text-foreground shadow-xs sm:text-sm " +
  "transition-[border-color,box-shadow] duration-150 " +
  "hover:border-border-strong focus-visible:border-ring focus-visible:outline-[3px] focus-visible:outline-offset-0 focus-visible:outline-ring/25 " +
  "disabled:cursor-not-allowed disabled:bg-surface-muted disabled:opacity-60 " +
  "aria-invalid:border-danger aria-invalid:focus-visible:outline-danger/25";

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return (
    <input
      type={type}
      className={cn(
        controlClasses,
        "h-11 px-3 sm:h-9",
        "file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        "read-only:bg-surface-muted",
        className,
      )}
      {...props}
    />
  );
}

export type TextareaProps = ComponentProps<"textarea">;

export function Textarea({ className, rows = 4, ...props }: TextareaProps) {
  return (
    <textarea rows={rows} className={cn(controlClasses, "min-h-20 px-3 py-2.5 sm:py-2", className)} {...props} />
  );
}
