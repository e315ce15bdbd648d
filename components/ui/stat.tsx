import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/utils/cn";

export type StatProps = Omit<ComponentProps<"div">, "children"> & {
  label: ReactNode;
  /** Usually a <Money> or a formatted number. */
  value: ReactNode;
  hint?: ReactNode;
  /** Optional leading icon shown next to the label. */
  icon?: ReactNode;
};

export function Stat({ label, value, hint, icon, className, ...props }: StatProps) {
  return (
    <div
      className={cn("flex flex-col gap-1 rounded-xl border border-border bg-surface p-5 shadow-xs", className)}
      {...props}
    >
      <div className="flex items-center gap-2 text-sm font-medium text-muted-foreground [&_svg]:size-4">
        {icon ? <span aria-hidden="true">{icon}</span> : null}
        {label}
      </div>
      <div className="text-2xl leading-8 font-semibold tracking-tight text-foreground tabular-nums">{value}</div>
      {hint ? <div className="text-sm text-muted-foreground">{hint}</div> : null}
    </div>
  );
}
