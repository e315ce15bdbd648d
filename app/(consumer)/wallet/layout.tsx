import { WalletShell } from "@/components/consumer/shell/wallet-shell";
import { requireUser } from "@/lib/auth/session";
import { countUnread } from "@/lib/notifications/count-unread";

export default async function WalletLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/wallet");
  const unread = await countUnread(user.id);
  return (
    <WalletShell user={user} unread={unread}>
      {children}
    </WalletShell>
  );
}
