import { Activity } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Money, StatusBadge } from "@/components/ui";
import type { OverviewActivity } from "@/lib/providers/get-provider-overview";
import { activityLines } from "./activity-lines";

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function ActivityList({ events }: { events: OverviewActivity[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Latest activity</CardTitle>
        <CardDescription>The last changes to your customers&apos; cashback.</CardDescription>
      </CardHeader>
      <CardContent>
        {events.length === 0 ? (
          <EmptyState icon={<Activity />} title="No activity yet" description="Rewards appear here as soon as the first purchase is recorded." />
        ) : (
          <ul className="divide-y divide-border">
            {activityLines(events).map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-3">
                <div className="min-w-0">
                  <p className="truncate font-medium">
                    {e.memberName ?? "Member"} <span className="font-normal text-muted-foreground">· {e.memberCode}</span>
                  </p>
                  <p className="truncate text-sm text-muted-foreground">
                    {e.label} · order {e.orderId} · <time dateTime={e.createdAt.toISOString()}>{time.format(e.createdAt)}</time>
                    {e.reason ? ` · ${e.reason}` : ""}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <Money amountMinor={e.amountMinor} currency={e.currency} />
                  <StatusBadge status={e.toStatus} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
