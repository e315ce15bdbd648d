import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function ActivityLoading() {
  return (
    <PageSkeleton label="activity" titleWidth="w-32">
      <SkeletonRows count={8} rowClassName="h-14 w-full" />
    </PageSkeleton>
  );
}
