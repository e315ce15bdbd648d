import type { Metadata } from "next";
import Link from "next/link";
import { History } from "lucide-react";
import { HistoryFilters } from "@/components/consumer/history/history-filters";
import { HistoryList } from "@/components/consumer/history/history-list";
import { Alert, EmptyState, PageHeader, buttonVariants } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { parseHistorySearch } from "@/lib/members/history-view";
import { listHistory } from "@/lib/members/list-history";
import { listMemberships } from "@/lib/members/list-memberships";
import { loadHistoryPage } from "../actions";

export const metadata: Metadata = { title: "History" };

export default async function HistoryPage({ searchParams }: { searchParams: Promise<{ [key: string]: string | string[] | undefined }> }) {
  const user = await requireUser("/wallet/history");
  const { filter, invalid } = parseHistorySearch(await searchParams);
  // The first page always starts at the top: a cursor belongs to "Load more", not to links.
  const { cursor: _ignored, ...shown } = filter;
  const [page, memberships] = await Promise.all([listHistory(user.id, shown), listMemberships(user.id, { includeLeft: true })]);
  const programs = memberships.map((m) => ({ memberId: m.id, name: m.status === "LEFT" ? `${m.program.name} (left)` : m.program.name }));
  const filtered = shown.program !== undefined || shown.status !== undefined;
  return (
    <div className="space-y-5">
      <PageHeader title="History" description="Every purchase, what it earned and why, and every other movement of your cashback." />
      {programs.length > 0 ? <HistoryFilters programs={programs} program={shown.program} status={shown.status} /> : null}
      {invalid.length > 0 ? <Alert variant="info">Ignored an unknown {invalid.join(" and ")} in the link; showing {filtered ? "the other filters" : "everything"}.</Alert> : null}
      {page.lines.length === 0 ? (
        <EmptyState
          icon={<History />}
          title={filtered ? "Nothing matches these filters" : "No purchases yet"}
          description={filtered ? "Try another program or status." : "Purchases you make in your programs' shops show up here with what they earned."}
          action={
            filtered ? (
              <Link className={buttonVariants({ variant: "outline" })} href="/wallet/history">
                Show everything
              </Link>
            ) : (
              <Link className={buttonVariants({})} href="/wallet/card">
                Show your card in store
              </Link>
            )
          }
        />
      ) : (
        <HistoryList key={`${shown.program ?? ""}|${shown.status ?? ""}`} first={page} filter={{ program: shown.program, status: shown.status }} loadMore={loadHistoryPage} />
      )}
    </div>
  );
}
