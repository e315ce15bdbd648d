import "server-only";
import { db } from "@/lib/db/client";
import { mutedInApp } from "./get-preferences";

/** Unread notifications the user would see in the centre (muted kinds do not count). */
export async function countUnread(userId: string): Promise<number> {
  const muted = await mutedInApp(userId);
  return db.notification.count({ where: { userId, readAt: null, ...(muted.length ? { kind: { notIn: muted } } : {}) } });
}
