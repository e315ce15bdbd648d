import type { DbOrTx } from "@/lib/db/client";
import type { NotificationKind } from "@/lib/db/generated/enums";

export type NotificationData = { [key: string]: string | null };

/**
 * Writes one in-app notification (its e-mail follows through the notifications.send-email job). With a
 * dedupeKey a second call for the same event does nothing and answers false.
 */
export async function createNotification(
  db: DbOrTx,
  input: { userId: string; kind: NotificationKind; data: NotificationData; dedupeKey?: string },
): Promise<boolean> {
  const created = await db.notification.createMany({
    data: [{ userId: input.userId, kind: input.kind, data: input.data, dedupeKey: input.dedupeKey ?? null }],
    skipDuplicates: true,
  });
  return created.count === 1;
}
