import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Coins, History, Receipt } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Money, PageHeader, Stat, buttonVariants } from "@/components/ui";
import { MemberLedgerTable } from "@/components/provider/members/member-ledger-table";
import { MemberRewardsTable } from "@/components/provider/members/member-rewards-table";
import { MemberSpendsTable } from "@/components/provider/members/member-spends-table";
import { getProgramMember, parseHistoryCursor } from "@/lib/members/get-program-member";
import { requireStaff } from "@/lib/providers/require-staff";

export const metadata: Metadata = { title: "Member" };

type Props = { params: Promise<{ memberId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MemberPage({ params, searchParams }: Props) {
  const { memberId } = await params;
  const { provider } = await requireStaff(["OWNER", "MANAGER"], `/dashboard/members/${encodeURIComponent(memberId)}`);
  const { cursor: rawCursor } = await searchParams;
  const cursor = parseHistoryCursor(Array.isArray(rawCursor) ? rawCursor[0] : rawCursor);
  const detail = await getProgramMember(provider.id, memberId, { cursor });
  if (!detail) notFound();
  const { member, balance, rewards, rewardsShown, spends, spendsShown, history } = detail;
  const { currency } = member.program;
  const base = `/dashboard/members/${member.id}`;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link href="/dashboard/members" className="underline-offset-4 hover:underline">
            Members
          </Link>
        }
        title={member.name ?? member.email}
        description={
          <>
            {member.email} · code <span className="font-mono">{member.code}</span> · {member.program.name} · joined{" "}
            {member.joinedAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}
          </>
        }
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Available" value={<Money amountMinor={balance.available} currency={currency} />} />
        <Stat label="Pending" value={<Money amountMinor={balance.pending} currency={currency} />} hint="Inside the hold period" />
        <Stat label="Held" value={<Money amountMinor={balance.held} currency={currency} />} hint="Reserved for payments in flight" />
        <Stat label="Lifetime" value={<Money amountMinor={balance.lifetime} currency={currency} />} hint="Cashback earned so far" />
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Rewards</CardTitle>
          <CardDescription>
            {rewards.length >= rewardsShown ? `The latest ${rewardsShown} rewards.` : "Every reward for this member's purchases."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {rewards.length === 0 ? (
            <EmptyState icon={<Receipt />} title="No rewards yet" description="Rewards appear here when this member buys from you." />
          ) : (
            <MemberRewardsTable rewards={rewards} />
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Spends</CardTitle>
          <CardDescription>
            {spends.length >= spendsShown ? `The latest ${spendsShown} payments with cashback.` : "Cashback this member paid with, at your checkout or register."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {spends.length === 0 ? (
            <EmptyState icon={<Coins />} title="No spends yet" description="When this member pays with cashback at your checkout or register, it appears here." />
          ) : (
            <MemberSpendsTable spends={spends} />
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Ledger history</CardTitle>
          <CardDescription>Every movement of this member&apos;s pending and available cashback, newest first.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {history.lines.length === 0 ? (
            <EmptyState
              icon={<History />}
              title={cursor ? "No older entries" : "No ledger entries yet"}
              description={cursor ? "You have reached the beginning of the history." : "Cashback movements appear here once a reward is issued."}
            />
          ) : (
            <MemberLedgerTable lines={history.lines} currency={currency} />
          )}
          {cursor || history.nextCursor ? (
            <nav aria-label="History pages" className="flex justify-end gap-2">
              {cursor ? (
                <Link href={base} className={buttonVariants({ variant: "outline", size: "sm" })}>
                  Newest
                </Link>
              ) : null}
              {history.nextCursor ? (
                <Link href={`${base}?cursor=${history.nextCursor}`} className={buttonVariants({ variant: "outline", size: "sm" })} rel="next">
                  Older entries
                </Link>
              ) : null}
            </nav>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
