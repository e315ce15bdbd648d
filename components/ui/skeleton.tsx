import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

export type SkeletonProps = ComponentProps<"div">;

/** Size it with className (e.g. "h-4 w-32"); wrap groups in an element with aria-busy. */
export function Skeleton({ className, ...props }: SkeletonProps) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-surface-muted", className)} {...props} />;
}
