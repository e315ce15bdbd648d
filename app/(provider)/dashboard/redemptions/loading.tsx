import { Skeleton } from "@/components/ui";
import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function RedemptionsLoading() {
  return (
    <PageSkeleton label="redemptions" titleWidth="w-48">
      <Skeleton className="h-16 w-full" />
      <SkeletonRows count={8} />
    </PageSkeleton>
  );
}
