import Image from "next/image";
import { Card, Money, StatusBadge } from "@/components/ui";
import type { ReceiptRow } from "@/lib/receipts/list-receipts";

const day = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** The member's receipts: photo, program, amount, purchase date and the status of the reward. */
export function ReceiptList({ receipts }: { receipts: ReceiptRow[] }) {
  return (
    <ul className="space-y-3" aria-label="Your receipts">
      {receipts.map((r) => (
        <li key={r.id} data-testid="receipt-row">
          <Card className="flex items-start gap-3 p-3">
            <a href={`/api/receipts/${r.id}/image`} target="_blank" rel="noreferrer" className="shrink-0 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2">
              <Image
                src={`/api/receipts/${r.id}/image`}
                alt={`Receipt from ${r.programName}, ${day(r.purchasedOn)}`}
                width={56}
                height={72}
                unoptimized
                className="h-18 w-14 rounded-lg border border-border bg-surface-muted object-cover"
              />
            </a>
            <div className="min-w-0 flex-1 space-y-1">
              <div className="flex items-start justify-between gap-2">
                <p className="truncate font-medium">{r.programName}</p>
                <Money amountMinor={r.amountMinor} currency={r.currency} className="font-semibold" />
              </div>
              <p className="text-sm text-muted-foreground">
                Bought <time dateTime={r.purchasedOn.toISOString().slice(0, 10)}>{day(r.purchasedOn)}</time>
                {r.receiptNumber ? <> · No. {r.receiptNumber}</> : null}
              </p>
              <div className="flex flex-wrap items-center gap-2">
                {r.reward ? (
                  <>
                    <StatusBadge status={r.reward.status} />
                    {r.reward.status === "PENDING_REVIEW" ? null : (
                      <span className="text-sm text-muted-foreground">
                        cashback <Money amountMinor={r.reward.amountMinor} currency={r.currency} />
                      </span>
                    )}
                  </>
                ) : (
                  <span className="text-sm text-muted-foreground">Recorded</span>
                )}
              </div>
              <p className="text-xs text-muted-foreground">Sent {day(r.createdAt)}</p>
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );
}
