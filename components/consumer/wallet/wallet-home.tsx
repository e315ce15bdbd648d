import Link from "next/link";
import { ArrowRight, CalendarClock, CreditCard, QrCode, Receipt, Search, ShieldAlert, Ticket } from "lucide-react";
import { Alert, Badge, BrandScope, Card, CardContent, EmptyState, Money, buttonVariants } from "@/components/ui";
import { describeOrder } from "@/lib/members/history-view";
import type { NextAction } from "@/lib/members/next-action";
import { walletFingerprint, type WalletJson, type WalletProgramJson } from "@/lib/members/wallet-view";
import { formatDay } from "./format-date";
import { WalletActions } from "./wallet-actions";
import { WalletLive } from "./wallet-live";

/**
 * The wallet, rendered on the server. It stays live through `WalletLive`, which polls the figures and asks
 * for a fresh render when they change, so the member's phone downloads no UI code for any of this.
 */
export function WalletHome({ wallet }: { wallet: WalletJson }) {
  const live = (
    <WalletLive
      fingerprint={walletFingerprint(wallet)}
      asOf={wallet.asOf}
      staleNotice={
        <Alert variant="warning" title="Could not refresh">
          Showing the figures from the last successful update; we will keep trying.
        </Alert>
      }
    />
  );
  if (wallet.programs.length === 0) {
    return (
      <>
        {live}
        <EmptyState
          icon={<Search />}
          title="No programs yet"
          description="Join a shop's cashback program from its Boomerang page to start earning. Ask at the till, or start with our demo café."
          action={
            <Link className={buttonVariants({})} href="/p/cafe-aurora">
              Discover a program
            </Link>
          }
        />
      </>
    );
  }
  return (
    <div className="space-y-6">
      {live}
      <Totals totals={wallet.totals} />
      <WalletActions />
      <section aria-labelledby="programs-heading" className="space-y-3">
        <h2 id="programs-heading" className="text-sm font-semibold tracking-wide text-muted-foreground uppercase">
          Your programs
        </h2>
        <ul className="space-y-3">
          {wallet.programs.map((p) => (
            <li key={p.memberId}>
              <ProgramCard p={p} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Totals({ totals }: { totals: WalletJson["totals"] }) {
  return (
    <section aria-labelledby="totals-heading" className="space-y-3">
      <h2 id="totals-heading" className="sr-only">
        Total across programs
      </h2>
      {totals.map((t) => (
        <Card key={t.currency} className="bg-brand text-brand-foreground" data-testid={`total-${t.currency}`}>
          <CardContent className="space-y-4 p-5">
            <div>
              <p className="text-sm opacity-90">
                Available to spend{t.programs > 1 ? ` · ${t.programs} programs` : ""}
              </p>
              <p className="text-4xl font-semibold tracking-tight" data-testid="total-available" aria-live="polite">
                <Money amountMinor={t.available} currency={t.currency} />
              </p>
            </div>
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <div>
                <dt className="opacity-90">Pending</dt>
                <dd className="text-lg font-semibold" data-testid="total-pending">
                  <Money amountMinor={t.pending} currency={t.currency} />
                </dd>
              </div>
              <div>
                <dt className="opacity-90">Lifetime earned</dt>
                <dd className="text-lg font-semibold" data-testid="total-lifetime">
                  <Money amountMinor={t.lifetime} currency={t.currency} />
                </dd>
              </div>
            </dl>
          </CardContent>
        </Card>
      ))}
    </section>
  );
}

const ACTION_ICONS: Record<NextAction["kind"], typeof QrCode> = {
  "show-card": QrCode,
  "upload-receipt": Receipt,
  "link-card": CreditCard,
  "finish-joining": ArrowRight,
  "wait-review": CalendarClock,
  suspended: ShieldAlert,
};

function ProgramCard({ p }: { p: WalletProgramJson }) {
  const { currency } = p.program;
  const Icon = ACTION_ICONS[p.nextAction.kind];
  const held = BigInt(p.balances.held);
  return (
    <BrandScope color={p.program.brandColor}>
      <Card data-testid="wallet-program">
        <CardContent className="space-y-4 p-5">
          <div className="flex items-start justify-between gap-4">
            <div className="min-w-0">
              <h3 className="truncate font-semibold">{p.program.name}</h3>
              <p className="text-sm text-muted-foreground">Member since {formatDay(p.joinedAt)}</p>
              {p.status !== "ACTIVE" ? (
                <Badge variant="warning" className="mt-1">
                  {p.status === "SUSPENDED" ? "Suspended" : "Payment pending"}
                </Badge>
              ) : null}
            </div>
            <Link href={`/wallet/card?program=${p.memberId}`} className="shrink-0 text-right" aria-label={`Show the ${p.program.name} card`}>
              <span className="block text-xs tracking-wide text-muted-foreground uppercase">Card code</span>
              <span className="font-mono text-lg font-semibold tracking-wider text-brand-emphasis" data-testid="member-code">
                {p.code}
              </span>
            </Link>
          </div>
          <dl className="grid grid-cols-3 gap-2 border-t border-border pt-4">
            <div>
              <dt className="text-xs text-muted-foreground">Available</dt>
              <dd className="text-lg font-semibold" data-testid="balance-available">
                <Money amountMinor={p.balances.available} currency={currency} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Pending</dt>
              <dd className="text-base" data-testid="balance-pending">
                <Money amountMinor={p.balances.pending} currency={currency} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Lifetime</dt>
              <dd className="text-base" data-testid="balance-lifetime">
                <Money amountMinor={p.balances.lifetime} currency={currency} />
              </dd>
            </div>
          </dl>
          {p.reserved.length > 0 ? (
            <ul className="space-y-2" aria-label={`Reserved in ${p.program.name}`} data-testid="reserved">
              {p.reserved.map((r) => (
                <li key={r.id} className="flex items-start justify-between gap-3 rounded-lg border border-border p-3 text-sm">
                  {r.kind === "voucher" ? (
                    <Link href={`/wallet/vouchers/${r.id}`} className="min-w-0 rounded-sm">
                      <span className="flex items-center gap-1.5 font-medium">
                        <Ticket aria-hidden className="size-4 shrink-0" />
                        Voucher <span className="font-mono tracking-wider">{r.code}</span>
                      </span>
                      <span className="block text-muted-foreground">Ready to use until {formatDay(r.expiresAt)}</span>
                    </Link>
                  ) : (
                    <span className="min-w-0">
                      <span className="block font-medium">Reserved for a payment at {p.program.name}</span>
                      <span className="block text-muted-foreground">{describeOrder(r.orderId)} · returns if not completed</span>
                    </span>
                  )}
                  <Money amountMinor={r.amountMinor} currency={currency} className="shrink-0 font-semibold" />
                </li>
              ))}
            </ul>
          ) : held > 0n ? (
            <p className="text-sm text-muted-foreground">
              <Money amountMinor={held} currency={currency} /> reserved for payments in progress.
            </p>
          ) : null}
          {p.upcoming.length > 0 ? (
            <div className="rounded-lg bg-surface-muted p-3" data-testid="upcoming">
              <p className="mb-1 text-xs font-medium text-muted-foreground">Becomes available</p>
              <ul className="space-y-0.5 text-sm">
                {p.upcoming.map((u) => (
                  <li key={u.date} className="flex justify-between gap-3">
                    <span>{formatDay(u.date)}</span>
                    <Money amountMinor={u.amountMinor} currency={currency} />
                  </li>
                ))}
                {BigInt(p.upcomingLaterMinor) > 0n ? (
                  <li className="flex justify-between gap-3 text-muted-foreground">
                    <span>Later</span>
                    <Money amountMinor={p.upcomingLaterMinor} currency={currency} />
                  </li>
                ) : null}
              </ul>
            </div>
          ) : null}
          {p.nextAction.href ? (
            <Link
              href={p.nextAction.href}
              // Some next steps are a sentence: they wrap on a phone instead of running out of the button.
              className={buttonVariants({ variant: p.nextAction.kind === "show-card" ? "primary" : "outline", fullWidth: true, className: "h-auto min-h-11 py-2 text-center whitespace-normal sm:min-h-9" })}
              data-testid="next-action"
            >
              <Icon aria-hidden />
              {p.nextAction.label}
            </Link>
          ) : (
            <p className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="next-action">
              <Icon aria-hidden className="size-4 shrink-0" />
              {p.nextAction.label}
            </p>
          )}
        </CardContent>
      </Card>
    </BrandScope>
  );
}
