import { Skeleton } from "@/components/ui";
import { PageSkeleton } from "@/components/shell/page-skeleton";

export default function RedemptionLoading() {
  return (
    <PageSkeleton label="redemption" titleWidth="w-56">
      <Skeleton className="h-28 w-full rounded-xl" />
      <Skeleton className="h-56 w-full rounded-xl" />
      <Skeleton className="h-40 w-full rounded-xl" />
    </PageSkeleton>
  );
}
