import { Skeleton } from "@/components/ui";
import { PageSkeleton } from "@/components/shell/page-skeleton";

export default function JoinLoading() {
  return (
    <PageSkeleton label="membership" titleWidth="w-56">
      <Skeleton className="h-48 w-full rounded-xl" />
    </PageSkeleton>
  );
}
