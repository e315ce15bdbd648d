import { PageSkeleton, SkeletonRows } from "@/components/shell/page-skeleton";

export default function ReceiptsLoading() {
  return (
    <div className="mx-auto max-w-lg">
      <PageSkeleton label="receipts">
        <SkeletonRows count={4} rowClassName="h-20 w-full" />
      </PageSkeleton>
    </div>
  );
}
