import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { SOURCE_LABELS } from "@/components/consumer/history/sources";
import { StatusTimeline } from "@/components/consumer/history/status-timeline";
import { formatDateTime, formatDay } from "@/components/consumer/wallet/format-date";
import { Alert, BrandScope, Card, CardContent, CardHeader, CardTitle, Money, PageHeader, StatusBadge } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { getHistoryItem } from "@/lib/members/get-history-item";

export const metadata: Metadata = { title: "Purchase" };

export default async function HistoryItemPage({ params }: { params: Promise<{ rewardId: string }> }) {
  const { rewardId } = await params;
  const user = await requireUser(`/wallet/history/${rewardId}`);
  const item = await getHistoryItem(user.id, rewardId);
  if (!item) notFound();
  const { purchase, program, currency } = item;
  return (
    <BrandScope color={program.brandColor} className="space-y-5">
      <Link href="/wallet/history" className="inline-flex items-center gap-1 text-sm font-medium text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden className="size-4" /> History
      </Link>
      <PageHeader eyebrow={program.name} title={<Money amountMinor={item.amountMinor} currency={currency} />} description={item.explanation} actions={<StatusBadge status={item.status} />} />
      {item.status === "PENDING" && item.availableAt ? (
        <Alert variant="info" title={`Available on ${formatDay(item.availableAt)}`}>
          The shop&apos;s {program.holdDays}-day hold period covers returns; after it the cashback is yours to spend.
        </Alert>
      ) : null}
      {item.status === "PENDING_REVIEW" || item.status === "HELD" ? (
        <Alert variant="info" title="Waiting for the shop">
          The shop checks this purchase before the cashback is credited.
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle as="h2">Purchase</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="purchase-details">
            <dt className="text-muted-foreground">Where</dt>
            <dd>{SOURCE_LABELS[purchase.source]}</dd>
            <dt className="text-muted-foreground">Amount</dt>
            <dd>
              <Money amountMinor={purchase.amountMinor} currency={purchase.currency} />
              {purchase.refundedMinor > 0n ? (
                <span className="text-muted-foreground">
                  {" "}
                  (<Money amountMinor={purchase.refundedMinor} currency={purchase.currency} /> refunded)
                </span>
              ) : null}
            </dd>
            <dt className="text-muted-foreground">When</dt>
            <dd>{formatDateTime(purchase.occurredAt)}</dd>
            <dt className="text-muted-foreground">Reference</dt>
            <dd className="font-mono break-all">{purchase.orderId}</dd>
            {item.computedMinor !== item.amountMinor ? (
              <>
                <dt className="text-muted-foreground">Calculated</dt>
                <dd>
                  <Money amountMinor={item.computedMinor} currency={currency} /> before adjustments and refunds
                </dd>
              </>
            ) : null}
            {item.availableAt ? (
              <>
                <dt className="text-muted-foreground">{item.status === "PENDING" ? "Available on" : "Hold ended"}</dt>
                <dd>{formatDay(item.availableAt)}</dd>
              </>
            ) : null}
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Timeline</CardTitle>
        </CardHeader>
        <CardContent>
          <StatusTimeline events={item.events} currency={currency} />
        </CardContent>
      </Card>
    </BrandScope>
  );
}
