import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/session";

export default async function WalletLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/wallet");
  return (
    <AppShell area="Wallet" homeHref="/wallet" user={user} nav={[{ href: "/wallet", label: "Wallet" }]}>
      {children}
    </AppShell>
  );
}
