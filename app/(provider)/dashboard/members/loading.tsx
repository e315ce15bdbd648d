import { Skeleton } from "@/components/ui";

export default function MembersLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading members">
      <div className="space-y-2">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-4 w-80" />
      </div>
      <Skeleton className="h-9 w-full max-w-md" />
      <div className="space-y-2 rounded-xl border border-border p-4">
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    </div>
  );
}
