import { Skeleton } from "@/components/ui";
import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function RulesLoading() {
  return (
    <PageSkeleton label="cashback rules">
      <Skeleton className="h-40 w-full rounded-xl" />
      <Skeleton className="h-48 w-full rounded-xl" />
      <Skeleton className="h-32 w-full rounded-xl" />
      <SkeletonRows count={3} />
    </PageSkeleton>
  );
}
