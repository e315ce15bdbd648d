import { PageSkeleton } from "@/components/shell/page-skeleton";
import { Skeleton } from "@/components/ui";

export default function WalletLoading() {
  return (
    <PageSkeleton label="your wallet" titleWidth="w-32">
      <Skeleton className="h-40 w-full rounded-xl" />
      <Skeleton className="h-56 w-full rounded-xl" />
    </PageSkeleton>
  );
}
