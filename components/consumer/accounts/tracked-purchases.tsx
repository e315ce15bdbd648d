import { Card, CardContent, CardHeader, CardTitle, Money, StatusBadge } from "@/components/ui";
import type { TrackedPurchase } from "@/lib/banking/list-tracked-purchases";

/** Card purchases that earned cashback, newest first. */
export function TrackedPurchases({ purchases }: { purchases: TrackedPurchase[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Tracked purchases</CardTitle>
      </CardHeader>
      <CardContent className="p-0">
        <ul className="divide-y divide-border">
          {purchases.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-3 px-5 py-3" data-testid="tracked-purchase">
              <div className="min-w-0">
                <p className="truncate font-medium">{p.merchantName ?? p.programName}</p>
                <p className="text-xs text-muted-foreground">
                  {p.date.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" })} · <Money amountMinor={p.amountMinor} currency={p.currency} />
                  {p.pending ? " · authorised" : ""}
                </p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1">
                {p.reward ? (
                  <>
                    <span className="font-semibold" data-testid="tracked-cashback">
                      +<Money amountMinor={p.reward.amountMinor} currency={p.reward.currency} />
                    </span>
                    <StatusBadge status={p.reward.status} />
                  </>
                ) : (
                  <span className="text-xs text-muted-foreground">No cashback</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
