import { Skeleton } from "@/components/ui";
import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function BillingLoading() {
  return (
    <PageSkeleton label="billing" titleWidth="w-32">
      <Skeleton className="h-28 w-full rounded-xl" />
      <SkeletonRows count={3} />
      <SkeletonRows count={6} />
    </PageSkeleton>
  );
}
