import type { Metadata } from "next";
import { Badge, EmptyState, PageHeader, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { listProviders } from "@/lib/providers/list-providers";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Admin" };

const STATUS_VARIANT = { ACTIVE: "success", PENDING: "warning", SUSPENDED: "danger" } as const;

export default async function AdminPage() {
  const user = await requireUser("/admin");
  if (!user.roles.admin) notFound();
  const providers = await listProviders();
  return (
    <div className="space-y-6">
      <PageHeader title="Providers" description="Every business on the platform." />
      {providers.length === 0 ? (
        <EmptyState title="No providers yet" description="Businesses appear here when they sign up or are created with the CLI." />
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Business</TH>
              <TH>Address</TH>
              <TH>Status</TH>
              <TH numeric>Programs</TH>
              <TH numeric>Staff</TH>
              <TH>Created</TH>
            </TR>
          </THead>
          <TBody>
            {providers.map((p) => (
              <TR key={p.id}>
                <TD className="font-medium">{p.name}</TD>
                <TD>/p/{p.slug}</TD>
                <TD>
                  <Badge variant={STATUS_VARIANT[p.status]}>{p.status.toLowerCase()}</Badge>
                </TD>
                <TD numeric>{p._count.programs}</TD>
                <TD numeric>{p._count.staff}</TD>
                <TD>{p.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
