import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/utils/cn";

export type PageHeaderProps = Omit<ComponentProps<"header">, "title"> & {
  title: ReactNode;
  description?: ReactNode;
  /** Right-aligned buttons on desktop; wraps below the title on mobile. */
  actions?: ReactNode;
  /** Small line above the title, e.g. a breadcrumb or program name. */
  eyebrow?: ReactNode;
};

export function PageHeader({ title, description, actions, eyebrow, className, ...props }: PageHeaderProps) {
  return (
    <header
      className={cn("flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between", className)}
      {...props}
    >
      <div className="flex min-w-0 flex-col gap-1">
        {eyebrow ? <div className="text-sm font-medium text-muted-foreground">{eyebrow}</div> : null}
        <h1 className="text-2xl leading-8 font-semibold tracking-tight text-foreground">{title}</h1>
        {description ? <div className="max-w-2xl text-sm text-muted-foreground">{description}</div> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </header>
  );
}
