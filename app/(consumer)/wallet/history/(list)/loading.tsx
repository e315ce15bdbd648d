import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";
import { Skeleton } from "@/components/ui";

export default function HistoryLoading() {
  return (
    <PageSkeleton label="your history" titleWidth="w-32">
      <Skeleton className="h-11 w-full" />
      <SkeletonRows count={6} rowClassName="h-16 w-full" />
    </PageSkeleton>
  );
}
