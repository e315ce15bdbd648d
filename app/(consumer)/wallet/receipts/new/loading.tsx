import { Skeleton } from "@/components/ui";
import { PageSkeleton } from "@/components/shell/page-skeleton";

export default function NewReceiptLoading() {
  return (
    <div className="mx-auto max-w-lg">
      <PageSkeleton label="the receipt form">
        <Skeleton className="h-48 w-full rounded-xl" />
        <Skeleton className="h-64 w-full rounded-xl" />
      </PageSkeleton>
    </div>
  );
}
