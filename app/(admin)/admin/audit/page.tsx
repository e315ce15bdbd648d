import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Button, EmptyState, Input, PageHeader, Pager, TBody, TD, TH, THead, TR, Table, buttonVariants } from "@/components/ui";
import { auditFilterSchema, listPlatformAudit, type AuditFilter } from "@/lib/admin/list-platform-audit";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Audit log" };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";

function query(f: AuditFilter, page?: number): string {
  const params = new URLSearchParams();
  for (const key of ["actor", "providerId", "action", "from", "to"] as const) if (f[key]) params.set(key, f[key]);
  if (page && page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `?${s}` : "";
}

export default async function PlatformAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/admin/audit");
  if (!user.roles.admin) notFound();
  const filter = auditFilterSchema.parse(await searchParams);
  const log = await listPlatformAudit(db, filter);
  const field = (id: string, label: string, name: keyof AuditFilter, props: Record<string, string> = {}) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <Input id={id} name={name} defaultValue={(filter[name] as string | undefined) ?? ""} {...props} />
    </div>
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change on the platform: the businesses' own and every admin action, with its reason. Times are UTC."
        actions={
          <a href={`/admin/audit/export${query(filter)}`} className={buttonVariants({ variant: "outline" })}>
            Export CSV
          </a>
        }
      />
      <form className="flex flex-wrap items-end gap-3" action="/admin/audit">
        {field("audit-actor", "Actor (e-mail, id or cli/system)", "actor")}
        {field("audit-provider", "Provider id", "providerId")}
        {field("audit-action", "Action (or prefix, e.g. provider.)", "action")}
        {field("audit-from", "From", "from", { type: "date" })}
        {field("audit-to", "To", "to", { type: "date" })}
        <Button type="submit" variant="outline">
          Filter
        </Button>
      </form>
      {log.items.length === 0 ? (
        <EmptyState title="Nothing recorded" description="No entry matches these filters." />
      ) : (
        <>
          <Table>
            <THead>
              <TR>
                <TH>When</TH>
                <TH>Who</TH>
                <TH>Action</TH>
                <TH>Business</TH>
                <TH>Target</TH>
                <TH>Reason</TH>
              </TR>
            </THead>
            <TBody>
              {log.items.map((r) => (
                <TR key={r.id}>
                  <TD>{when(r.createdAt)}</TD>
                  <TD>{r.actorEmail ?? r.actorType.toLowerCase()}</TD>
                  <TD>
                    <code>{r.action}</code>
                  </TD>
                  <TD>{r.providerName ?? "—"}</TD>
                  <TD className="max-w-48 truncate">{r.target ?? "—"}</TD>
                  <TD>{r.reason ?? "—"}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <Pager page={log.page} pageCount={log.pageCount} total={log.total} noun={["entry", "entries"]} href={(page) => `/admin/audit${query(filter, page)}`} />
        </>
      )}
    </div>
  );
}
