import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ProviderStatusBadge } from "@/components/admin/provider-status-badge";
import { Button, EmptyState, Input, PageHeader, Select, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { listAdminProviders } from "@/lib/admin/list-admin-providers";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Providers" };

const searchSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(["PENDING", "ACTIVE", "SUSPENDED"]).optional().catch(undefined),
});

export default async function AdminProvidersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/admin");
  if (!user.roles.admin) notFound();
  const { q, status } = searchSchema.parse(await searchParams);
  const providers = await listAdminProviders(db, { q, status });
  return (
    <div className="space-y-6">
      <PageHeader title="Providers" description="Every business on the platform. Open one to see its programs, money, integrations and audit trail, or to suspend it." />
      <form className="flex flex-wrap items-end gap-3" role="search" action="/admin">
        <div className="flex flex-col gap-1">
          <label htmlFor="provider-q" className="text-sm font-medium">
            Search
          </label>
          <Input id="provider-q" name="q" defaultValue={q ?? ""} placeholder="Name, address, owner e-mail or id" className="w-80" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="provider-status" className="text-sm font-medium">
            Status
          </label>
          <Select id="provider-status" name="status" defaultValue={status ?? ""}>
            <option value="">Any</option>
            <option value="PENDING">Pending approval</option>
            <option value="ACTIVE">Active</option>
            <option value="SUSPENDED">Suspended</option>
          </Select>
        </div>
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      {providers.length === 0 ? (
        <EmptyState title={q || status ? "No business matches" : "No providers yet"} description={q || status ? "Try another search." : "Businesses appear here when they sign up or are created with the CLI."} />
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
                <TD className="font-medium">
                  <Link href={`/admin/providers/${p.id}`} className="text-brand-emphasis underline-offset-4 hover:underline">
                    {p.name}
                  </Link>
                </TD>
                <TD>/p/{p.slug}</TD>
                <TD>
                  <ProviderStatusBadge status={p.status} />
                </TD>
                <TD numeric>{p.programs}</TD>
                <TD numeric>{p.staff}</TD>
                <TD>{p.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
