"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { History, QrCode, Receipt, UserRound, Wallet } from "lucide-react";
import { cn } from "@/lib/utils/cn";

const TABS = [
  { href: "/wallet", label: "Wallet", Icon: Wallet },
  { href: "/wallet/card", label: "Card", Icon: QrCode },
  { href: "/wallet/history", label: "History", Icon: History },
  { href: "/wallet/receipts", label: "Receipts", Icon: Receipt },
  { href: "/wallet/profile", label: "Profile", Icon: UserRound },
] as const;

function isActive(pathname: string, href: string): boolean {
  if (href === "/wallet") return pathname === "/wallet";
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The member area's tabs: a bottom bar on phones (thumb reach), an inline bar in the header from `md` up. */
export function WalletTabs({ variant }: { variant: "bottom" | "top" }) {
  const pathname = usePathname() ?? "";
  if (variant === "top") {
    return (
      <nav aria-label="Wallet" className="hidden flex-1 items-center gap-1 md:flex">
        {TABS.map(({ href, label, Icon }) => {
          const active = isActive(pathname, href);
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium",
                active ? "bg-surface-muted text-foreground" : "text-muted-foreground hover:bg-surface-muted hover:text-foreground",
              )}
            >
              <Icon aria-hidden className="hidden size-4 lg:block" />
              {label}
            </Link>
          );
        })}
      </nav>
    );
  }
  return (
    <nav
      aria-label="Wallet tabs"
      className="fixed inset-x-0 bottom-0 z-30 border-t border-border bg-surface/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden"
    >
      <ul className="mx-auto grid max-w-lg grid-cols-5">
        {TABS.map(({ href, label, Icon }) => {
          const active = isActive(pathname, href);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex h-16 flex-col items-center justify-center gap-1 text-[11px] font-medium",
                  active ? "text-brand-emphasis" : "text-muted-foreground hover:text-foreground",
                )}
              >
                <Icon aria-hidden className={cn("size-5", active && "stroke-[2.5]")} />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
