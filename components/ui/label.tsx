import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

export type LabelProps = ComponentProps<"label"> & {
  /** Adds a visual marker; the control itself should carry `required`. */
  required?: boolean;
};

export function Label({ className, children, required, ...props }: LabelProps) {
  return (
    <label className={cn("text-sm leading-5 font-medium text-foreground", className)} {...props}>
      {children}
      {required ? (
        <span aria-hidden="true" className="ml-0.5 text-danger">
          *
        </span>
      ) : null}
    </label>
  );
}
