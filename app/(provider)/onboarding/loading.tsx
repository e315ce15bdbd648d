import { Skeleton } from "@/components/ui";

export default function OnboardingLoading() {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-10" aria-busy="true" aria-label="Loading">
      <Skeleton className="mb-8 h-8 w-36" />
      <Skeleton className="h-96 w-full max-w-sm rounded-2xl" />
    </div>
  );
}
