import { WalletShell } from "@/components/consumer/shell/wallet-shell";
import { requireUser } from "@/lib/auth/session";

export default async function WalletLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/wallet");
  return <WalletShell user={user}>{children}</WalletShell>;
}
