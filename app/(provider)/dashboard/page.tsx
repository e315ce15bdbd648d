import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader, Stat, buttonVariants } from "@/components/ui";
import { requireStaff } from "@/lib/providers/require-staff";
import { getProviderOverview } from "@/lib/providers/get-provider-overview";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { provider, role } = await requireStaff(["OWNER", "MANAGER"], "/dashboard");
  const overview = await getProviderOverview(provider.id);
  return (
    <div className="space-y-6">
      <PageHeader title={`Welcome, ${provider.name}`} description={`You are signed in as ${role.toLowerCase()}.`} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="Programs" value={String(overview.programs)} />
        <Stat label="Members" value={String(overview.members)} />
        <Stat label="Staff" value={String(overview.staff)} />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Your programs</CardTitle>
          <CardDescription>Each program has a public page your customers join from.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y divide-border">
            {provider.programs.map((p) => (
              <li key={p.id} className="flex items-center justify-between gap-4 py-3">
                <div>
                  <p className="font-medium">{p.name}</p>
                  <p className="text-sm text-muted-foreground">
                    /p/{p.slug} · {p.currency}
                  </p>
                </div>
                <Link className={buttonVariants({ variant: "outline", size: "sm" })} href={`/p/${p.slug}`}>
                  View page
                </Link>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </div>
  );
}
