import Link from "next/link";
import { buttonVariants } from "@/components/ui";

export function RedemptionsPager({ page, pageCount, total, href }: { page: number; pageCount: number; total: number; href: (page: number) => string }) {
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm text-muted-foreground">
      <p>
        {total === 1 ? "1 redemption" : `${total.toLocaleString("en-GB")} redemptions`} · page {page} of {pageCount}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className={buttonVariants({ variant: "outline", size: "sm" })} rel="prev">
            Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link href={href(page + 1)} className={buttonVariants({ variant: "outline", size: "sm" })} rel="next">
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
