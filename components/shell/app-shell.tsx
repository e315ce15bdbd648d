import Link from "next/link";
import { Logo } from "./logo";
import { SignOutButton } from "./sign-out-button";

export type NavItem = { href: string; label: string };

/** The frame of every signed-in area: a top bar with the area's navigation, the user, and sign-out. */
export function AppShell({ nav, user, area, children, homeHref }: { nav: NavItem[]; user: { email: string; name: string | null }; area: string; children: React.ReactNode; homeHref: string }) {
  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-30 border-b border-border bg-surface/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4">
          <Logo href={homeHref} />
          <span className="hidden truncate rounded-md bg-surface-muted px-2 py-0.5 text-xs font-medium text-muted-foreground sm:inline">{area}</span>
          <div className="ml-auto flex items-center gap-4">
            <span className="hidden max-w-48 truncate text-sm text-muted-foreground md:inline" data-testid="signed-in-as">
              {user.name ?? user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
        {/* Its own row, so a long navigation wraps on a desktop and scrolls sideways on a phone instead of hiding items. */}
        <nav aria-label={`${area} navigation`} className="mx-auto flex max-w-6xl items-center gap-1 overflow-x-auto px-2 pb-2 md:flex-wrap md:overflow-visible">
          {nav.map((item) => (
            <Link key={item.href} href={item.href} className="shrink-0 rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground hover:bg-surface-muted hover:text-foreground">
              {item.label}
            </Link>
          ))}
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:py-8">{children}</main>
    </div>
  );
}
