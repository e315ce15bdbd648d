import { Skeleton } from "@/components/ui";
import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function StaffLoading() {
  return (
    <PageSkeleton label="staff" titleWidth="w-32">
      <Skeleton className="h-40 w-full rounded-xl" />
      <SkeletonRows count={4} />
    </PageSkeleton>
  );
}
