import type { ComponentProps, ReactNode } from "react";
import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import { cn } from "@/lib/utils/cn";

const variants = {
  info: { box: "border-info-border bg-info-subtle", icon: "text-info", Icon: Info },
  success: { box: "border-success-border bg-success-subtle", icon: "text-success", Icon: CircleCheck },
  warning: { box: "border-warning-border bg-warning-subtle", icon: "text-warning", Icon: TriangleAlert },
  danger: { box: "border-danger-border bg-danger-subtle", icon: "text-danger", Icon: CircleAlert },
} as const;

export type AlertVariant = keyof typeof variants;

export type AlertProps = Omit<ComponentProps<"div">, "title"> & {
  variant?: AlertVariant;
  title?: ReactNode;
  /** Replaces the default icon; pass `null` for none. */
  icon?: ReactNode;
};

export function Alert({ variant = "info", title, icon, className, children, role, ...props }: AlertProps) {
  const v = variants[variant];
  const iconNode = icon === undefined ? <v.Icon aria-hidden="true" /> : icon;
  return (
    <div
      // Errors and warnings interrupt; informational messages are announced politely.
      role={role ?? (variant === "danger" || variant === "warning" ? "alert" : "status")}
      className={cn("flex gap-3 rounded-xl border p-4 text-sm text-foreground", v.box, className)}
      {...props}
    >
      {iconNode ? <span className={cn("mt-px shrink-0 [&_svg]:size-4.5", v.icon)}>{iconNode}</span> : null}
      <div className="flex min-w-0 flex-col gap-1">
        {title ? <p className="leading-5 font-semibold">{title}</p> : null}
        {children ? <div className="leading-5 text-foreground/80">{children}</div> : null}
      </div>
    </div>
  );
}
