import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function NotificationsLoading() {
  return (
    <div className="mx-auto max-w-lg">
      <PageSkeleton label="notifications">
        <SkeletonRows count={6} rowClassName="h-14 w-full" />
      </PageSkeleton>
    </div>
  );
}
