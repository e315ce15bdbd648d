import type { Metadata } from "next";
import { Download, SearchX, Users } from "lucide-react";
import { EmptyState, PageHeader, Pager, buttonVariants } from "@/components/ui";
import { MemberSearch } from "@/components/provider/members/member-search";
import { MembersTable } from "@/components/provider/members/members-table";
import { listProgramMembers } from "@/lib/members/list-program-members";
import { requireStaff } from "@/lib/providers/require-staff";

export const metadata: Metadata = { title: "Members" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  const { provider } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/members");
  const params = await searchParams;
  const q = first(params.q).trim().slice(0, 100);
  const page = Number.parseInt(first(params.page), 10);
  const list = await listProgramMembers(provider.id, { q, page: Number.isNaN(page) ? 1 : page });
  const exportHref = q ? `/dashboard/members/export?${new URLSearchParams({ q })}` : "/dashboard/members/export";

  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description="Everyone who joined your programs, with what they have earned."
        actions={
          list.total > 0 ? (
            // A plain link: the export is a file download from a route handler, not a page.
            <a href={exportHref} download className={buttonVariants({ variant: "outline" })}>
              <Download aria-hidden="true" />
              Export CSV
            </a>
          ) : null
        }
      />
      <MemberSearch q={q} />
      {list.total === 0 ? (
        q ? (
          <EmptyState icon={<SearchX />} title="No members match" description={`Nobody's name, e-mail or code contains “${q}”.`} />
        ) : (
          <EmptyState
            icon={<Users />}
            title="No members yet"
            description="Customers appear here once they join one of your programs from its public page."
          />
        )
      ) : (
        <>
          <MembersTable members={list.items} showProgram={provider.programs.length > 1} />
          <Pager page={list.page} pageCount={list.pageCount} total={list.total} noun={["member", "members"]} href={(p) => membersHref(q, p)} />
        </>
      )}
    </div>
  );
}

function membersHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/dashboard/members?${query}` : "/dashboard/members";
}
