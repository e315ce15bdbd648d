import type { Metadata } from "next";
import Link from "next/link";
import { Wallet } from "lucide-react";
import { BrandScope, Card, CardContent, EmptyState, Money, PageHeader, buttonVariants } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/members/list-memberships";

export const metadata: Metadata = { title: "Wallet" };

export default async function WalletPage() {
  const user = await requireUser("/wallet");
  const memberships = await listMemberships(user.id);
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title={`Hi${user.name ? `, ${user.name.split(/\s+/)[0]}` : ""}`} description="Your cashback programs." />
      {memberships.length === 0 ? (
        <EmptyState
          icon={<Wallet aria-hidden className="size-6" />}
          title="No programs yet"
          description="Join a program from a shop's Boomerang page to start earning cashback."
          action={
            <Link className={buttonVariants({})} href="/p/cafe-aurora">
              Discover a program
            </Link>
          }
        />
      ) : (
        <ul className="space-y-3">
          {memberships.map((m) => (
            <li key={m.id}>
              <BrandScope color={m.program.brandColor}>
                <Card>
                  <CardContent className="space-y-4 p-5">
                    <div className="flex items-start justify-between gap-4">
                      <div>
                        <p className="font-semibold">{m.program.name}</p>
                        <p className="text-sm text-muted-foreground">Member since {m.joinedAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</p>
                      </div>
                      <div className="text-right">
                        <p className="text-xs uppercase tracking-wide text-subtle-foreground">Card code</p>
                        <p className="font-mono text-lg font-semibold tracking-wider text-brand-emphasis" data-testid="member-code">
                          {m.code}
                        </p>
                      </div>
                    </div>
                    <dl className="grid grid-cols-3 gap-2 border-t border-border pt-4">
                      {(
                        [
                          ["Available", m.balances.available],
                          ["Pending", m.balances.pending],
                          ["Held", m.balances.held],
                        ] as const
                      ).map(([label, amount]) => (
                        <div key={label}>
                          <dt className="text-xs text-muted-foreground">{label}</dt>
                          <dd className={label === "Available" ? "text-lg font-semibold" : "text-base"} data-testid={`balance-${label.toLowerCase()}`}>
                            <Money amountMinor={amount} currency={m.program.currency} />
                          </dd>
                        </div>
                      ))}
                    </dl>
                  </CardContent>
                </Card>
              </BrandScope>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
