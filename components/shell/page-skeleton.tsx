import { Skeleton } from "@/components/ui";

/** A page's loading state: announced as busy, a title and description placeholder, then the page's own shapes. */
export function PageSkeleton({ label, titleWidth = "w-48", children }: { label: string; titleWidth?: string; children: React.ReactNode }) {
  return (
    <div className="space-y-6" aria-busy="true" aria-label={`Loading ${label}`}>
      <div className="space-y-2">
        <Skeleton className={`h-8 ${titleWidth} max-w-full`} />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      {children}
    </div>
  );
}

/** A bordered list of `count` row placeholders (tables, lists). */
export function SkeletonRows({ count, rowClassName = "h-10 w-full" }: { count: number; rowClassName?: string }) {
  return (
    <div className="space-y-2 rounded-xl border border-border p-4">
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} className={rowClassName} />
      ))}
    </div>
  );
}
