import type { Metadata } from "next";
import { ScrollText } from "lucide-react";
import { EmptyState, PageHeader } from "@/components/ui";
import { AuditList, AuditPager } from "@/components/provider/activity/audit-list";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { db } from "@/lib/db/client";
import { requireStaff } from "@/lib/providers/require-staff";

export const metadata: Metadata = { title: "Activity" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const { provider } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/activity");
  const raw = (await searchParams).page;
  const page = Number.parseInt((Array.isArray(raw) ? raw[0] : raw) ?? "1", 10);
  const log = await listAuditLog(db, provider.id, { page: Number.isNaN(page) ? 1 : page });

  return (
    <div className="space-y-6">
      <PageHeader title="Activity" description={`Who changed what at ${provider.name}, and when: rules, settings and staff. Entries cannot be edited or deleted.`} />
      {log.total === 0 ? (
        <EmptyState icon={<ScrollText />} title="Nothing recorded yet" description="Changes to rules, settings and staff appear here as soon as someone makes one." />
      ) : (
        <>
          <AuditList rows={log.items} />
          <AuditPager page={log.page} pageCount={log.pageCount} total={log.total} />
        </>
      )}
    </div>
  );
}
