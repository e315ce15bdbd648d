import Link from "next/link";
import { ArrowDownToLine, Landmark, QrCode, Ticket, Wallet } from "lucide-react";
import { buttonVariants } from "@/components/ui";

const MORE = [
  { href: "/wallet/withdraw", label: "Withdraw", icon: ArrowDownToLine },
  { href: "/wallet/vouchers", label: "Vouchers", icon: Ticket },
  { href: "/wallet/accounts", label: "Linked accounts", icon: Landmark },
] as const;

/**
 * The wallet's actions, banking-app style: the two things done at the till side by side — pay with cashback
 * (a voucher for a checkout or the till) and show the card to earn — then the rest as one row of tiles that
 * never wraps, whatever the phone.
 */
export function WalletActions() {
  return (
    <section aria-label="Actions" className="space-y-3" data-testid="wallet-actions">
      <div className="grid grid-cols-2 gap-2">
        <Link href="/wallet/vouchers/new" className={buttonVariants({ size: "lg", className: "min-w-0 px-3" })} data-testid="use-at-checkout">
          <Wallet aria-hidden />
          Pay / Use
        </Link>
        <Link href="/wallet/card" className={buttonVariants({ variant: "outline", size: "lg", className: "min-w-0 px-3" })}>
          <QrCode aria-hidden />
          Show my card
        </Link>
      </div>
      <ul className="grid grid-cols-3 gap-2" data-testid="more-actions">
        {MORE.map(({ href, label, icon: Icon }) => (
          <li key={href} className="min-w-0">
            <Link
              href={href}
              className="flex h-16 flex-col items-center justify-center gap-1 rounded-xl border border-border bg-surface px-1 text-xs font-medium whitespace-nowrap text-foreground shadow-xs hover:bg-surface-muted"
            >
              <Icon aria-hidden className="size-5 text-brand-emphasis" />
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
