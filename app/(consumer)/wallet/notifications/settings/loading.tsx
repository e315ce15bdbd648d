import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function NotificationSettingsLoading() {
  return (
    <div className="mx-auto max-w-lg">
      <PageSkeleton label="notification settings">
        <SkeletonRows count={7} rowClassName="h-12 w-full" />
      </PageSkeleton>
    </div>
  );
}
