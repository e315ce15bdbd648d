import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Coins, History, Receipt } from "lucide-react";
import { ReasonActionButton } from "@/components/admin/reason-action-button";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Money, PageHeader, Stat, buttonVariants } from "@/components/ui";
import { MemberGoodwillForm } from "@/components/provider/members/member-goodwill-form";
import { MemberLedgerTable } from "@/components/provider/members/member-ledger-table";
import { MemberSegmentForm } from "@/components/provider/members/member-segment-form";
import { MemberRewardsTable } from "@/components/provider/members/member-rewards-table";
import { MemberSpendsTable } from "@/components/provider/members/member-spends-table";
import { db } from "@/lib/db/client";
import { getProgramMember, parseHistoryCursor } from "@/lib/members/get-program-member";
import { BLOCK_ROLES, GOODWILL_ROLES, SEGMENT_ROLES } from "@/lib/members/member-roles";
import { programScopeNames } from "@/lib/members/set-member-segment";
import { requireStaff } from "@/lib/providers/require-staff";
import { giveGoodwillAction, setEarningBlockAction, setSegmentAction } from "./actions";

export const metadata: Metadata = { title: "Member" };

type Props = { params: Promise<{ memberId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MemberPage({ params, searchParams }: Props) {
  const { memberId } = await params;
  const { provider, role } = await requireStaff(["OWNER", "MANAGER"], `/dashboard/members/${encodeURIComponent(memberId)}`);
  const { cursor: rawCursor } = await searchParams;
  const cursor = parseHistoryCursor(Array.isArray(rawCursor) ? rawCursor[0] : rawCursor);
  const detail = await getProgramMember(provider.id, memberId, { cursor });
  if (!detail) notFound();
  const { member, balance, rewards, rewardsShown, spends, spendsShown, history } = detail;
  const { currency } = member.program;
  const base = `/dashboard/members/${member.id}`;
  const may = (roles: readonly string[]) => roles.includes(role);
  const scopeNames = may(SEGMENT_ROLES) ? await programScopeNames(db, member.program.id) : { segments: [], tiers: [] };
  const memberName = member.name ?? member.email;

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
            {member.segment ? ` · segment ${member.segment}` : ""}
            {member.tier ? ` · tier ${member.tier}` : ""}
          </>
        }
        actions={
          member.block ? (
            <Badge variant="danger" dot>
              Blocked
            </Badge>
          ) : null
        }
      />
      {member.block ? (
        <Alert variant="warning" title="Blocked from earning">
          Since {member.block.at.toLocaleDateString("en-GB", { dateStyle: "medium" })}: {member.block.reason}. Purchases are still recorded, and earn nothing; what this member already holds stays theirs.
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Available" value={<Money amountMinor={balance.available} currency={currency} />} />
        <Stat label="Pending" value={<Money amountMinor={balance.pending} currency={currency} />} hint="Inside the hold period" />
        <Stat label="Held" value={<Money amountMinor={balance.held} currency={currency} />} hint="Reserved for payments in flight" />
        <Stat label="Lifetime" value={<Money amountMinor={balance.lifetime} currency={currency} />} hint="Cashback earned so far" />
      </div>

      {may(GOODWILL_ROLES) || may(SEGMENT_ROLES) ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">Manage this member</CardTitle>
            <CardDescription>Every change is kept in the activity log with who made it and why.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-6">
            {may(GOODWILL_ROLES) ? (
              <section aria-labelledby="goodwill-heading" className="space-y-3">
                <h3 id="goodwill-heading" className="text-sm font-semibold">
                  Goodwill
                </h3>
                <MemberGoodwillForm providerId={provider.id} memberId={member.id} memberName={memberName} currency={currency} availableMinor={balance.available.toString()} give={giveGoodwillAction} />
              </section>
            ) : null}
            {may(SEGMENT_ROLES) ? (
              <section aria-labelledby="segment-heading" className="space-y-3">
                <h3 id="segment-heading" className="text-sm font-semibold">
                  Segment and tier
                </h3>
                <MemberSegmentForm providerId={provider.id} memberId={member.id} segment={member.segment} tier={member.tier} suggestions={scopeNames} save={setSegmentAction} />
              </section>
            ) : null}
            {may(BLOCK_ROLES) ? (
              <section aria-labelledby="block-heading" className="space-y-3">
                <h3 id="block-heading" className="text-sm font-semibold">
                  Earning
                </h3>
                <p className="text-sm text-muted-foreground">
                  {member.block ? "This member earns nothing in this program until you lift the block." : "Block this member from earning cashback in this program, from every source. What they hold stays theirs."}
                </p>
                {member.block ? (
                  <ReasonActionButton
                    label="Unblock"
                    title={`Let ${memberName} earn again?`}
                    input={{ providerId: provider.id, memberId: member.id, blocked: "false" }}
                    run={setEarningBlockAction}
                    done={`${memberName} earns again.`}
                    variant="outline"
                  />
                ) : (
                  <ReasonActionButton
                    label="Block from earning"
                    title={`Block ${memberName} from earning?`}
                    description="Their purchases are still recorded, and earn nothing, until you unblock them."
                    input={{ providerId: provider.id, memberId: member.id, blocked: "true" }}
                    run={setEarningBlockAction}
                    done={`${memberName} is blocked from earning.`}
                    variant="outline"
                    destructive
                  />
                )}
              </section>
            ) : null}
          </CardContent>
        </Card>
      ) : null}

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
