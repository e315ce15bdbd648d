import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/session";
import { homeFor } from "@/lib/auth/roles";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/admin");
  if (!user.roles.admin) redirect(homeFor(user.roles));
  return (
    <AppShell area="Platform admin" homeHref="/admin" user={user} nav={[
        { href: "/admin", label: "Providers" },
        { href: "/admin/withdrawals", label: "Withdrawals" },
      ]}>
      {children}
    </AppShell>
  );
}
