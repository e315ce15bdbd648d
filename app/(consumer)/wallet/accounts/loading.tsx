import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function LinkedAccountsLoading() {
  return (
    <div className="mx-auto max-w-lg">
      <PageSkeleton label="linked accounts" titleWidth="w-48">
        <SkeletonRows count={2} rowClassName="h-16 w-full" />
      </PageSkeleton>
    </div>
  );
}
