import "server-only";
import { db } from "@/lib/db/client";
import type { NotificationKind } from "@/lib/db/generated/enums";
import { NOTIFICATION_KINDS } from "./kinds";

export type Preference = { kind: NotificationKind; inApp: boolean; email: boolean };

/** Every kind with the person's choice; a kind with no row is on for both. */
export async function getPreferences(userId: string): Promise<Preference[]> {
  const rows = await db.notificationPreference.findMany({ where: { userId }, select: { kind: true, inApp: true, email: true } });
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return NOTIFICATION_KINDS.map((kind) => byKind.get(kind) ?? { kind, inApp: true, email: true });
}

/** The kinds muted in the notification centre. */
export async function mutedInApp(userId: string): Promise<NotificationKind[]> {
  const rows = await db.notificationPreference.findMany({ where: { userId, inApp: false }, select: { kind: true } });
  return rows.map((r) => r.kind);
}
