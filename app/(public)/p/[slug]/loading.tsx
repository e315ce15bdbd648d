import { Skeleton } from "@/components/ui";

export default function ProgramPageLoading() {
  return (
    <div className="mx-auto max-w-3xl space-y-6 px-5 py-4" aria-busy="true" aria-label="Loading the program page">
      <Skeleton className="h-8 w-36" />
      <Skeleton className="h-56 w-full rounded-2xl" />
      <Skeleton className="h-28 w-full rounded-2xl" />
      <Skeleton className="h-40 w-full rounded-2xl" />
    </div>
  );
}
