import Link from "next/link";
import { buttonVariants } from "./button";

export type PagerProps = {
  page: number;
  pageCount: number;
  total: number;
  /** What is counted, singular and plural: ["member", "members"]. */
  noun: readonly [string, string];
  href: (page: number) => string;
};

/** "128 members · page 2 of 6" with Previous / Next links, for a server-rendered list. */
export function Pager({ page, pageCount, total, noun, href }: PagerProps) {
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm text-muted-foreground">
      <p>
        {total === 1 ? `1 ${noun[0]}` : `${total.toLocaleString("en-GB")} ${noun[1]}`} · page {page} of {pageCount}
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
