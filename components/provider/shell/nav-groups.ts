import { Activity, BadgePercent, Mail, Banknote, CreditCard, LayoutDashboard, Palette, Plug, ReceiptText, Settings, ShoppingBag, Store, Users, UserCog, type LucideIcon } from "lucide-react";

export type DashboardLink = { href: string; label: string; icon: LucideIcon };
export type DashboardGroup = { label: string; links: DashboardLink[] };

/** The dashboard's pages grouped by purpose. Billing is for owners only (its page checks again). */
export function dashboardGroups({ owner }: { owner: boolean }): DashboardGroup[] {
  return [
    {
      label: "Program",
      links: [
        { href: "/dashboard", label: "Overview", icon: LayoutDashboard },
        { href: "/dashboard/digest", label: "Daily digest", icon: Mail },
        { href: "/dashboard/rules", label: "Rules", icon: BadgePercent },
        { href: "/dashboard/branding", label: "Branding", icon: Palette },
      ],
    },
    {
      label: "Customers",
      links: [
        { href: "/dashboard/members", label: "Members", icon: Users },
        { href: "/dashboard/orders", label: "Orders", icon: ShoppingBag },
        { href: "/register", label: "Register", icon: Store },
      ],
    },
    {
      label: "Money",
      links: [
        { href: "/dashboard/redemptions", label: "Redemptions", icon: ReceiptText },
        ...(owner ? [{ href: "/dashboard/billing", label: "Billing", icon: Banknote }] : []),
      ],
    },
    {
      label: "Settings",
      links: [
        { href: "/dashboard/settings", label: "Settings", icon: Settings },
        { href: "/dashboard/staff", label: "Staff", icon: UserCog },
        { href: "/dashboard/integrations", label: "Integrations", icon: Plug },
        { href: "/dashboard/linked-accounts", label: "Card tracking", icon: CreditCard },
        { href: "/dashboard/activity", label: "Activity", icon: Activity },
      ],
    },
  ];
}

/** The link for `pathname`: the longest href it starts with ("/dashboard" only for the overview itself). */
export function activeHref(groups: DashboardGroup[], pathname: string): string | null {
  const hrefs = groups.flatMap((g) => g.links.map((l) => l.href));
  const matches = hrefs.filter((href) => pathname === href || (href !== "/dashboard" && pathname.startsWith(`${href}/`)));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}
