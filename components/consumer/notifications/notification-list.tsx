"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "@/components/ui/toaster";
import type { NotificationKind } from "@/lib/db/generated/enums";
import { cn } from "@/lib/utils/cn";
import type { ActionResult } from "@/lib/actions/result";

/** One item; `time` is its time of day in the member's zone, formatted on the server (no hydration mismatch). */
export type NotificationView = { id: string; kind: NotificationKind; title: string; body: string; href: string | null; read: boolean; createdAt: string; time: string };
export type NotificationDay = { day: string; label: string; items: NotificationView[] };

/** The centre's items, newest first, under a heading per day; opening one marks it read. */
export function NotificationList({ days, markRead }: { days: NotificationDay[]; markRead: (input: { id: string }) => Promise<ActionResult<unknown>> }) {
  const router = useRouter();
  const [, startTransition] = useTransition();

  function open(n: NotificationView) {
    startTransition(async () => {
      if (!n.read) {
        const result = await markRead({ id: n.id });
        if (!result.ok) toast.error(result.error.message);
      }
      if (n.href) router.push(n.href);
      else router.refresh();
    });
  }

  return (
    <div className="space-y-5">
      {days.map((group) => (
        <section key={group.day} aria-labelledby={`day-${group.day}`} data-testid="notification-day" className="space-y-2">
          <h2 id={`day-${group.day}`} className="px-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
            {group.label}
          </h2>
          <ul className="divide-y divide-border overflow-hidden rounded-xl border border-border bg-surface">
            {group.items.map((n) => (
              <li key={n.id} data-testid="notification" data-read={n.read ? "true" : "false"}>
                <button
                  type="button"
                  onClick={() => open(n)}
                  className={cn("flex w-full items-start gap-3 px-4 py-3 text-left hover:bg-surface-muted focus-visible:bg-surface-muted", !n.read && "bg-brand-subtle/40")}
                >
                  <span aria-hidden className={cn("mt-2 size-2 shrink-0 rounded-full", n.read ? "bg-transparent" : "bg-brand")} />
                  <span className="min-w-0 flex-1">
                    <span className={cn("block text-sm", n.read ? "font-normal" : "font-semibold")}>
                      {n.read ? null : <span className="sr-only">Unread: </span>}
                      {n.title}
                    </span>
                    <span className="block text-sm text-muted-foreground">{n.body}</span>
                  </span>
                  <time dateTime={n.createdAt} className="mt-0.5 shrink-0 text-xs text-muted-foreground tabular-nums">
                    {n.time}
                  </time>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
