import "server-only";
import { db } from "@/lib/db/client";
import type { NotificationKind } from "@/lib/db/generated/enums";
import { mutedInApp } from "./get-preferences";
import { renderNotification, type RenderedNotification } from "./render-notification";

export type NotificationItem = RenderedNotification & { id: string; kind: NotificationKind; createdAt: Date; read: boolean };
export type NotificationPage = { items: NotificationItem[]; nextCursor: string | null };

/** Opaque keyset cursor: the id of the last notification shown. */
function decodeCursor(cursor: string | undefined): bigint | null {
  return cursor && /^\d{1,19}$/.test(cursor) ? BigInt(cursor) : null;
}

/** The user's notification centre, newest first, without the kinds they muted in the app. */
export async function listNotifications(userId: string, opts: { cursor?: string; limit?: number } = {}): Promise<NotificationPage> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const before = decodeCursor(opts.cursor);
  const muted = await mutedInApp(userId);
  const rows = await db.notification.findMany({
    where: { userId, ...(muted.length ? { kind: { notIn: muted } } : {}), ...(before !== null ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: { id: true, kind: true, data: true, readAt: true, createdAt: true },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((n) => ({ id: n.id.toString(), kind: n.kind, createdAt: n.createdAt, read: n.readAt !== null, ...renderNotification(n.kind, n.data) })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
