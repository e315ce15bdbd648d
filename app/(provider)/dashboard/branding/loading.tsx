import { Skeleton } from "@/components/ui";
import { PageSkeleton } from "@/components/shell/page-skeleton";

export default function BrandingLoading() {
  return (
    <PageSkeleton label="branding">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="space-y-6">
          <Skeleton className="h-48 w-full rounded-xl" />
          <Skeleton className="h-96 w-full rounded-xl" />
        </div>
        <Skeleton className="hidden h-[36rem] w-full rounded-xl lg:block" />
      </div>
    </PageSkeleton>
  );
}
