import { DashboardShell } from "@/components/provider/shell/dashboard-shell";
import { requireStaff } from "@/lib/providers/require-staff";

export default async function ProviderLayout({ children }: { children: React.ReactNode }) {
  const { user, provider, role } = await requireStaff(["OWNER", "MANAGER"], "/dashboard");
  return (
    <DashboardShell area={provider.name} user={user} owner={role === "OWNER"}>
      {children}
    </DashboardShell>
  );
}
