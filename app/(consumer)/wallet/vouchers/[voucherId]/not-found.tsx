import Link from "next/link";
import { SearchX } from "lucide-react";
import { EmptyState, buttonVariants } from "@/components/ui";

export default function VoucherNotFound() {
  return (
    <EmptyState
      icon={<SearchX />}
      title="No such voucher"
      description="The link may be wrong, or the voucher belongs to someone else."
      action={
        <Link className={buttonVariants({ variant: "outline" })} href="/wallet/vouchers">
          Your vouchers
        </Link>
      }
    />
  );
}
