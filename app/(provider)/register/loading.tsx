import { Skeleton } from "@/components/ui";
import { PageSkeleton } from "@/components/shell/page-skeleton";

export default function RegisterLoading() {
  return (
    <div className="mx-auto max-w-md">
      <PageSkeleton label="cash register">
        <Skeleton className="h-56 w-full rounded-xl" />
      </PageSkeleton>
    </div>
  );
}
