import { AppShell } from "@/components/shell/app-shell";
import { SuspensionBanner } from "@/components/provider/suspension-banner";
import { requireStaff } from "@/lib/providers/require-staff";

export default async function ProviderLayout({ children }: { children: React.ReactNode }) {
  const { user, provider, role } = await requireStaff(["OWNER", "MANAGER"], "/dashboard");
  return (
    <AppShell
      area={provider.name}
      homeHref="/dashboard"
      user={user}
      nav={[
        { href: "/dashboard", label: "Overview" },
        { href: "/dashboard/orders", label: "Orders" },
        { href: "/dashboard/redemptions", label: "Redemptions" },
        { href: "/dashboard/members", label: "Members" },
        { href: "/dashboard/rules", label: "Rules" },
        { href: "/dashboard/staff", label: "Staff" },
        { href: "/dashboard/integrations", label: "Integrations" },
        { href: "/dashboard/branding", label: "Branding" },
        { href: "/dashboard/linked-accounts", label: "Card tracking" },
        { href: "/dashboard/settings", label: "Settings" },
        { href: "/dashboard/activity", label: "Activity" },
        // Billing is for owners only (the page checks again).
        ...(role === "OWNER" ? [{ href: "/dashboard/billing", label: "Billing" }] : []),
        { href: "/register", label: "Register" },
      ]}
    >
      <SuspensionBanner providerId={provider.id} />
      {children}
    </AppShell>
  );
}
