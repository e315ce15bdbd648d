import { AppShell } from "@/components/shell/app-shell";
import { requireStaff } from "@/lib/providers/require-staff";

export default async function RegisterLayout({ children }: { children: React.ReactNode }) {
  const { user, provider, role } = await requireStaff(["OWNER", "MANAGER", "CASHIER"], "/register");
  const nav = role === "CASHIER" ? [] : [{ href: "/dashboard", label: "Dashboard" }];
  return (
    <AppShell area={provider.name} homeHref="/register" user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
