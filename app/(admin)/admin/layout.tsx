import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/session";
import { homeFor } from "@/lib/auth/roles";
import { adminTwoFactorRequired, twoFactorStatus } from "@/lib/users/two-factor";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/admin");
  if (!user.roles.admin) redirect(homeFor(user.roles));
  // REQUIRE_ADMIN_2FA: an admin without two-factor sign-in sets it up before anything else.
  if (adminTwoFactorRequired() && !(await twoFactorStatus(user.id)).enabled) redirect("/wallet/profile?twoFactor=required");
  return (
    <AppShell area="Platform admin" homeHref="/admin" user={user} nav={[
        { href: "/admin/overview", label: "Overview" },
        { href: "/admin", label: "Providers" },
        { href: "/admin/people", label: "People" },
        { href: "/admin/ledger", label: "Ledger" },
        { href: "/admin/risk", label: "Risk" },
        { href: "/admin/audit", label: "Audit log" },
        { href: "/admin/withdrawals", label: "Withdrawals" },
        { href: "/admin/invoices", label: "Failed invoices" },
        { href: "/wallet/profile", label: "Security" },
      ]}>
      {children}
    </AppShell>
  );
}
