import { DashboardShell } from "@/components/provider/shell/dashboard-shell";
import { SuspensionBanner } from "@/components/provider/suspension-banner";
import { requireStaff } from "@/lib/providers/require-staff";

export default async function ProviderLayout({ children }: { children: React.ReactNode }) {
  const { user, provider, role } = await requireStaff(["OWNER", "MANAGER"], "/dashboard");
  return (
    <DashboardShell area={provider.name} user={user} owner={role === "OWNER"}>
      <SuspensionBanner standing={provider} />
      {children}
    </DashboardShell>
  );
}
