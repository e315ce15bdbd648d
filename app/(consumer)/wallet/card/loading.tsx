import { PageSkeleton } from "@/components/shell/page-skeleton";
import { Skeleton } from "@/components/ui";

export default function CardLoading() {
  return (
    <PageSkeleton label="your card" titleWidth="w-36">
      <Skeleton className="mx-auto aspect-square w-full max-w-72 rounded-xl" />
      <Skeleton className="mx-auto h-10 w-56" />
    </PageSkeleton>
  );
}
