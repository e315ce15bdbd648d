import Link from "next/link";
import { Search } from "lucide-react";
import { Button, Input, buttonVariants } from "@/components/ui";

/** A plain GET form: the query lands in the URL, so results can be shared and the back button works. */
export function MemberSearch({ q }: { q: string }) {
  return (
    <form role="search" action="/dashboard/members" className="flex w-full max-w-md items-center gap-2">
      <label htmlFor="member-search" className="sr-only">
        Search members
      </label>
      <Input id="member-search" name="q" type="search" defaultValue={q} placeholder="Name, e-mail or code" maxLength={100} />
      <Button type="submit" variant="outline">
        <Search aria-hidden="true" />
        Search
      </Button>
      {q ? (
        <Link href="/dashboard/members" className={buttonVariants({ variant: "ghost" })}>
          Clear
        </Link>
      ) : null}
    </form>
  );
}
