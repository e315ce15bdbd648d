import Link from "next/link";
import { SearchX } from "lucide-react";
import { EmptyState, buttonVariants } from "@/components/ui";

export default function HistoryItemNotFound() {
  return (
    <EmptyState
      icon={<SearchX />}
      title="No such purchase in your history"
      description="The link may be wrong, or the purchase belongs to someone else."
      action={
        <Link className={buttonVariants({ variant: "outline" })} href="/wallet/history">
          Back to your history
        </Link>
      }
    />
  );
}
