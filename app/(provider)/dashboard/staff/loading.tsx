import { Skeleton } from "@/components/ui";

export default function StaffLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading staff">
      <div className="space-y-2">
        <Skeleton className="h-8 w-32" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <Skeleton className="h-40 w-full rounded-xl" />
      <div className="space-y-2 rounded-xl border border-border p-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    </div>
  );
}
