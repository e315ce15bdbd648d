import { Skeleton } from "@/components/ui";
import { PageSkeleton } from "@/components/shell/page-skeleton";

export default function ConfirmEmailLoading() {
  return (
    <div className="mx-auto max-w-lg">
      <PageSkeleton label="the e-mail confirmation">
        <Skeleton className="h-32 w-full rounded-xl" />
      </PageSkeleton>
    </div>
  );
}
