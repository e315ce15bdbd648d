import { Skeleton } from "@/components/ui";
import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function CardTrackingLoading() {
  return (
    <PageSkeleton label="card tracking" titleWidth="w-40">
      <Skeleton className="h-40 w-full rounded-xl" />
      <SkeletonRows count={3} />
    </PageSkeleton>
  );
}
