import { Skeleton } from "@/components/ui";
import { PageSkeleton } from "@/components/shell/page-skeleton";

export default function ProfileLoading() {
  return (
    <div className="mx-auto max-w-lg">
      <PageSkeleton label="profile">
        <Skeleton className="h-40 w-full rounded-xl" />
        <Skeleton className="h-56 w-full rounded-xl" />
        <Skeleton className="h-40 w-full rounded-xl" />
      </PageSkeleton>
    </div>
  );
}
