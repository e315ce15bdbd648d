import { AppShell } from "@/components/shell/app-shell";
import { requireStaff } from "@/lib/providers/require-staff";

export default async function ProviderLayout({ children }: { children: React.ReactNode }) {
  const { user, provider } = await requireStaff(["OWNER", "MANAGER"], "/dashboard");
  return (
    <AppShell area={provider.name} homeHref="/dashboard" user={user} nav={[{ href: "/dashboard", label: "Overview" }, { href: "/register", label: "Cash register" }, { href: `/p/${provider.programs[0]?.slug ?? provider.slug}`, label: "Program page" }]}>
      {children}
    </AppShell>
  );
}
