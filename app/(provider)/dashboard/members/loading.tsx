import { Skeleton } from "@/components/ui";
import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function MembersLoading() {
  return (
    <PageSkeleton label="members" titleWidth="w-40">
      <Skeleton className="h-9 w-full max-w-md" />
      <SkeletonRows count={8} />
    </PageSkeleton>
  );
}
