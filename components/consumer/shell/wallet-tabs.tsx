"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
// Plain clsx, not cn: these classes never conflict, and the tabs on every wallet page need not ship tailwind-merge.
import { clsx } from "clsx";

/** A tab; its icon is rendered on the server (see WalletShell), so no icon code ships with the tabs. */
export type WalletTab = { href: string; label: string; icon: React.ReactNode };

function isActive(pathname: string, href: string): boolean {
  if (href === "/wallet") return pathname === "/wallet";
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The member area's tabs: a bottom bar on phones (thumb reach), an inline bar in the header from `md` up. */
export function WalletTabs({ variant, tabs }: { variant: "bottom" | "top"; tabs: WalletTab[] }) {
  const pathname = usePathname() ?? "";
  if (variant === "top") {
    return (
      <nav aria-label="Wallet" className="hidden flex-1 items-center gap-1 md:flex">
        {tabs.map(({ href, label, icon }) => {
          const active = isActive(pathname, href);
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? "page" : undefined}
              className={clsx(
                "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium [&_svg]:hidden [&_svg]:size-4 lg:[&_svg]:block",
                active ? "bg-surface-muted text-foreground" : "text-muted-foreground hover:bg-surface-muted hover:text-foreground",
              )}
            >
              {icon}
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
        {tabs.map(({ href, label, icon }) => {
          const active = isActive(pathname, href);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "flex h-16 flex-col items-center justify-center gap-1 text-[11px] font-medium [&_svg]:size-5",
                  active ? "text-brand-emphasis [&_svg]:stroke-[2.5]" : "text-muted-foreground hover:text-foreground",
                )}
              >
                {icon}
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
