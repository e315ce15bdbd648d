import Link from "next/link";
import { buttonVariants } from "@/components/ui";

export function MembersPager({ page, pageCount, total, q }: { page: number; pageCount: number; total: number; q: string }) {
  const href = (p: number) => {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (p > 1) params.set("page", String(p));
    const query = params.toString();
    return query ? `/dashboard/members?${query}` : "/dashboard/members";
  };
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm text-muted-foreground">
      <p>
        {total === 1 ? "1 member" : `${total.toLocaleString("en-GB")} members`} · page {page} of {pageCount}
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
