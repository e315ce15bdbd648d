import { Logo } from "@/components/shell/logo";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { DashboardMenu, DashboardSideNav } from "./dashboard-nav";

/**
 * The business dashboard's frame: a top bar (logo, business, user, sign-out), the navigation grouped by
 * purpose at the side on wide screens, and behind a Menu button on phones.
 */
export function DashboardShell({ area, user, owner, children }: { area: string; user: { email: string; name: string | null }; owner: boolean; children: React.ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-30 border-b border-border bg-surface/90 backdrop-blur">
        <div className="relative mx-auto flex h-14 max-w-[96rem] items-center gap-3 px-4">
          <Logo href="/dashboard" />
          <span className="hidden truncate rounded-md bg-surface-muted px-2 py-0.5 text-xs font-medium text-muted-foreground sm:inline">{area}</span>
          <div className="ml-auto flex items-center gap-2 sm:gap-4">
            <span className="hidden max-w-48 truncate text-sm text-muted-foreground md:inline" data-testid="signed-in-as">
              {user.name ?? user.email}
            </span>
            <SignOutButton />
            <DashboardMenu owner={owner} area={area} />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-[96rem] gap-6 px-4">
        <aside className="sticky top-14 hidden max-h-[calc(100dvh-3.5rem)] w-48 shrink-0 self-start overflow-y-auto py-8 lg:block">
          <DashboardSideNav owner={owner} area={area} />
        </aside>
        <main className="min-w-0 flex-1 py-6 sm:py-8">{children}</main>
      </div>
    </div>
  );
}
