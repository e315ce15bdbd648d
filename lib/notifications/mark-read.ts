import "server-only";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

/** Marks one of the user's own notifications read; someone else's id is "not found". */
export async function markNotificationRead(userId: string, notificationId: string): Promise<void> {
  if (!/^\d{1,19}$/.test(notificationId)) throw new DomainError("NOT_FOUND", "No such notification.");
  const id = BigInt(notificationId);
  const updated = await db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
  if (updated.count === 0 && (await db.notification.count({ where: { id, userId } })) === 0) throw new DomainError("NOT_FOUND", "No such notification.");
}

/** Marks every unread notification of the user read; answers how many changed. */
export async function markAllNotificationsRead(userId: string): Promise<number> {
  const updated = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  return updated.count;
}
