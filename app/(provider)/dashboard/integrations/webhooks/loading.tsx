import { Skeleton } from "@/components/ui";
import { PageSkeleton } from "@/components/shell/page-skeleton";

export default function WebhooksLoading() {
  return (
    <PageSkeleton label="webhooks">
      <Skeleton className="h-64 w-full rounded-xl" />
      <Skeleton className="h-40 w-full rounded-xl" />
      <Skeleton className="h-80 w-full rounded-xl" />
    </PageSkeleton>
  );
}
