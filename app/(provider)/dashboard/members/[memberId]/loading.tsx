import { Skeleton } from "@/components/ui";
import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function MemberLoading() {
  return (
    <PageSkeleton label="member" titleWidth="w-56">
      <div className="grid gap-4 sm:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-24 w-full rounded-xl" />
        ))}
      </div>
      <SkeletonRows count={6} />
    </PageSkeleton>
  );
}
