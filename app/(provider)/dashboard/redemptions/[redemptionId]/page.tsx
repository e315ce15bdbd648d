import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Money, PageHeader, Stat } from "@/components/ui";
import { RedemptionActions } from "@/components/provider/redemptions/redemption-actions";
import { RedemptionLedgerTable, RedemptionRefundsTable } from "@/components/provider/redemptions/redemption-ledger";
import { RedemptionStatusBadge, SOURCE_LABEL } from "@/components/provider/redemptions/status";
import { db } from "@/lib/db/client";
import { requireStaff } from "@/lib/providers/require-staff";
import { getRedemptionDetail } from "@/lib/redemptions/get-redemption-detail";
import { cancelRedemptionAction, refundRedemptionAction } from "../actions";

export const metadata: Metadata = { title: "Redemption" };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

type Props = { params: Promise<{ redemptionId: string }> };

export default async function RedemptionPage({ params }: Props) {
  const { redemptionId } = await params;
  const { provider } = await requireStaff(["OWNER", "MANAGER"], `/dashboard/redemptions/${encodeURIComponent(redemptionId)}`);
  const r = await getRedemptionDetail(db, { providerId: provider.id, redemptionId });
  if (!r) notFound();
  const memberLabel = r.member.name ?? r.member.email;
  const refundable = r.amountCaptured - r.amountRefunded;
  const canCancel = r.status === "REQUIRES_CAPTURE";
  const canRefund = (r.status === "CAPTURED" || r.status === "PARTIALLY_REFUNDED") && refundable > 0n;

  const source =
    r.source === "API" && r.apiKey
      ? `${SOURCE_LABEL.API} · key “${r.apiKey.name}” (${r.apiKey.prefix})`
      : r.cashier
        ? `${SOURCE_LABEL.REGISTER} · ${r.cashier.name ?? r.cashier.email}`
        : SOURCE_LABEL[r.source];
  const facts: [string, ReactNode][] = [
    [
      "Member",
      <Link key="member" href={`/dashboard/members/${r.member.id}`} className="text-brand-emphasis underline-offset-4 hover:underline">
        {memberLabel} <span className="font-mono text-xs text-muted-foreground">{r.member.code}</span>
      </Link>,
    ],
    ["Source", source],
    ["Created", when.format(r.createdAt)],
  ];
  if (r.status === "REQUIRES_CAPTURE") facts.push(["Hold expires", when.format(r.expiresAt)]);
  if (r.capturedAt) facts.push(["Captured", when.format(r.capturedAt)]);
  if (r.canceledAt) facts.push([r.status === "EXPIRED" ? "Expired" : "Canceled", when.format(r.canceledAt)]);
  if (r.voucherCode) facts.push(["Voucher", r.voucherCode]);
  facts.push(["Redemption id", <span key="id" className="font-mono text-xs">{r.id}</span>]);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link href="/dashboard/redemptions" className="underline-offset-4 hover:underline">
            Redemptions
          </Link>
        }
        title={`Order ${r.orderId}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <RedemptionStatusBadge status={r.status} />
            <span>
              {memberLabel} paid with cashback · {SOURCE_LABEL[r.source]} · dates in UTC
            </span>
          </span>
        }
      />

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Requested" value={<Money amountMinor={r.amountRequested} currency={r.currency} />} />
        <Stat label="Held" value={<Money amountMinor={r.amountHeld} currency={r.currency} />} hint="Reserved at checkout" />
        <Stat label="Captured" value={<Money amountMinor={r.amountCaptured} currency={r.currency} />} hint="Spent with you" />
        <Stat label="Refunded" value={<Money amountMinor={r.amountRefunded} currency={r.currency} />} hint="Given back to the member" />
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-3 text-sm sm:grid-cols-[9rem_1fr]">
              {facts.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="min-w-0 break-words">{value}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">Actions</CardTitle>
            <CardDescription>Money moves only after you confirm; every action is kept in the activity log.</CardDescription>
          </CardHeader>
          <CardContent>
            <RedemptionActions
              providerId={provider.id}
              redemptionId={r.id}
              orderId={r.orderId}
              memberLabel={memberLabel}
              currency={r.currency}
              heldMinor={r.amountHeld.toString()}
              refundableMinor={refundable.toString()}
              canCancel={canCancel}
              canRefund={canRefund}
              cancel={cancelRedemptionAction}
              refund={refundRedemptionAction}
            />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Ledger movements</CardTitle>
          <CardDescription>
            Every ledger transaction of this payment: the hold, then its capture, release or expiry, and each refund.
            {r.hold ? ` Ledger hold #${r.hold.id.toString()}: ${r.hold.status.toLowerCase()}.` : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {r.movements.length === 0 ? <EmptyState title="No ledger movements" description="Nothing was posted for this redemption." /> : <RedemptionLedgerTable movements={r.movements} />}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Refunds</CardTitle>
        </CardHeader>
        <CardContent>
          {r.refunds.length === 0 ? (
            <p className="text-sm text-muted-foreground">No refunds.</p>
          ) : (
            <RedemptionRefundsTable refunds={r.refunds} currency={r.currency} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
