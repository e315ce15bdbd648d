import Link from "next/link";
import { Bell, History, QrCode, Receipt, UserRound, Wallet } from "lucide-react";
import { Logo } from "@/components/shell/logo";
import { TimeZoneCookie } from "./time-zone-cookie";
import { WalletTabs, type WalletTab } from "./wallet-tabs";

const TABS: WalletTab[] = [
  { href: "/wallet", label: "Wallet", icon: <Wallet aria-hidden /> },
  { href: "/wallet/card", label: "Card", icon: <QrCode aria-hidden /> },
  { href: "/wallet/history", label: "History", icon: <History aria-hidden /> },
  { href: "/wallet/receipts", label: "Receipts", icon: <Receipt aria-hidden /> },
  { href: "/wallet/profile", label: "Profile", icon: <UserRound aria-hidden /> },
];

/** "9+" past nine: the badge stays one small circle. */
const badgeText = (n: number) => (n > 9 ? "9+" : String(n));

/**
 * The member app's frame: phone first (header + bottom tabs), the same tabs in the header on wider screens.
 * The bell carries the unread count; signing out lives in the profile.
 */
export function WalletShell({ user, unread, children }: { user: { email: string; name: string | null }; unread: number; children: React.ReactNode }) {
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
            aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
            data-testid="notifications-bell"
            className="relative ml-auto inline-flex size-11 items-center justify-center rounded-lg text-muted-foreground hover:bg-surface-muted hover:text-foreground sm:size-9 lg:ml-0"
          >
            <Bell aria-hidden className="size-5" />
            {unread > 0 ? (
              <span
                aria-hidden
                data-testid="unread-badge"
                className="absolute top-1 right-1 inline-flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-danger-solid px-1 text-[11px] leading-none font-semibold text-white tabular-nums ring-2 ring-surface sm:-top-0.5 sm:-right-0.5"
              >
                {badgeText(unread)}
              </span>
            ) : null}
          </Link>
        </div>
      </header>
      <main className="mx-auto max-w-2xl px-4 py-5 sm:py-8">{children}</main>
      <WalletTabs variant="bottom" tabs={TABS} />
      <TimeZoneCookie />
    </div>
  );
}
