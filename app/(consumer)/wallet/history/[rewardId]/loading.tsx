import { PageSkeleton } from "@/components/shell/page-skeleton";
import { Skeleton } from "@/components/ui";

export default function HistoryItemLoading() {
  return (
    <PageSkeleton label="the purchase" titleWidth="w-28">
      <Skeleton className="h-40 w-full rounded-xl" />
      <Skeleton className="h-56 w-full rounded-xl" />
    </PageSkeleton>
  );
}
