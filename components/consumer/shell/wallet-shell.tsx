import Link from "next/link";
import { Bell, History, QrCode, Receipt, UserRound, Wallet } from "lucide-react";
import { Logo } from "@/components/shell/logo";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { WalletTabs, type WalletTab } from "./wallet-tabs";

const TABS: WalletTab[] = [
  { href: "/wallet", label: "Wallet", icon: <Wallet aria-hidden /> },
  { href: "/wallet/card", label: "Card", icon: <QrCode aria-hidden /> },
  { href: "/wallet/history", label: "History", icon: <History aria-hidden /> },
  { href: "/wallet/receipts", label: "Receipts", icon: <Receipt aria-hidden /> },
  { href: "/wallet/profile", label: "Profile", icon: <UserRound aria-hidden /> },
];

/** The member app's frame: phone first (header + bottom tabs), the same tabs in the header on wider screens. */
export function WalletShell({ user, children }: { user: { email: string; name: string | null }; children: React.ReactNode }) {
  return (
    <div className="min-h-dvh pb-[calc(4rem+env(safe-area-inset-bottom))] md:pb-0">
      <header className="sticky top-0 z-30 border-b border-border bg-surface/90 pt-[env(safe-area-inset-top)] backdrop-blur">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-3 px-4">
          <Logo href="/wallet" />
          <WalletTabs variant="top" tabs={TABS} />
          <span className="ml-auto hidden max-w-48 truncate text-sm text-muted-foreground lg:inline" data-testid="signed-in-as">
            {user.name ?? user.email}
          </span>
          <Link
            href="/wallet/notifications"
            aria-label="Notifications"
            className="ml-auto inline-flex size-11 items-center justify-center rounded-lg text-muted-foreground hover:bg-surface-muted hover:text-foreground sm:size-9 lg:ml-0"
          >
            <Bell aria-hidden className="size-5" />
          </Link>
          <SignOutButton />
        </div>
      </header>
      <main className="mx-auto max-w-2xl px-4 py-5 sm:py-8">{children}</main>
      <WalletTabs variant="bottom" tabs={TABS} />
    </div>
  );
}
