import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { BellOff, Settings } from "lucide-react";
import { EmptyState, PageHeader, buttonVariants } from "@/components/ui";
import { MarkAllReadButton } from "@/components/consumer/notifications/mark-all-read-button";
import { NotificationList } from "@/components/consumer/notifications/notification-list";
import { requireUser } from "@/lib/auth/session";
import { countUnread } from "@/lib/notifications/count-unread";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { TIME_ZONE_COOKIE } from "@/lib/notifications/time-zone";
import { groupByDay, timeOfDay, timeZoneOr } from "@/lib/notifications/group-by-day";
import { markAllReadAction, markReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const user = await requireUser("/wallet/notifications");
  const { before } = await searchParams;
  const cursor = typeof before === "string" ? before : undefined;
  const [page, unread, jar] = await Promise.all([listNotifications(user.id, { cursor, limit: 20 }), countUnread(user.id), cookies()]);
  const timeZone = timeZoneOr(jar.get(TIME_ZONE_COOKIE)?.value);
  const days = groupByDay(page.items, { timeZone, now: new Date() }).map((g) => ({
    ...g,
    items: g.items.map((n) => ({ ...n, createdAt: n.createdAt.toISOString(), time: timeOfDay(n.createdAt, timeZone) })),
  }));
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader
        title="Notifications"
        description={unread > 0 ? `${unread} unread` : "You are all caught up."}
        actions={
          <>
            {unread > 0 ? <MarkAllReadButton markAllRead={markAllReadAction} /> : null}
            <Link className={buttonVariants({ variant: "outline", size: "sm" })} href="/wallet/notifications/settings">
              <Settings aria-hidden /> Settings
            </Link>
          </>
        }
      />
      {page.items.length === 0 ? (
        <EmptyState
          icon={<BellOff aria-hidden />}
          title={cursor ? "No older notifications" : "No notifications yet"}
          description={cursor ? "You have seen them all." : "When you earn cashback, a receipt is reviewed or money becomes available, you will hear about it here."}
          action={
            cursor ? (
              <Link className={buttonVariants({ variant: "outline" })} href="/wallet/notifications">
                Back to the newest
              </Link>
            ) : undefined
          }
        />
      ) : (
        <NotificationList days={days} markRead={markReadAction} />
      )}
      {page.nextCursor ? (
        <div className="flex justify-center">
          <Link className={buttonVariants({ variant: "outline" })} href={`/wallet/notifications?before=${page.nextCursor}`}>
            Older notifications
          </Link>
        </div>
      ) : null}
    </div>
  );
}
