import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { controlClasses } from "./input";

export type SelectProps = ComponentProps<"select"> & {
  /** Classes for the positioning wrapper; `className` goes to the <select> itself. */
  wrapperClassName?: string;
};

export function Select({ className, wrapperClassName, children, multiple, ...props }: SelectProps) {
  return (
    <div className={cn("relative w-full", wrapperClassName)}>
      <select
        multiple={multiple}
        className={cn(controlClasses, multiple ? "px-2 py-1.5" : "h-11 appearance-none pr-9 pl-3 sm:h-9", className)}
        {...props}
      >
        {children}
      </select>
      {multiple ? null : (
        <ChevronDown
          aria-hidden="true"
          className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted-foreground"
        />
      )}
    </div>
  );
}
