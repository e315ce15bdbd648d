import "server-only";
import { db } from "@/lib/db/client";
import type { NotificationKind } from "@/lib/db/generated/enums";
import type { Preference } from "./get-preferences";

/** Saves one kind's choice for the centre and for e-mail. */
export async function setPreference(userId: string, pref: { kind: NotificationKind; inApp: boolean; email: boolean }): Promise<Preference> {
  return db.notificationPreference.upsert({
    where: { userId_kind: { userId, kind: pref.kind } },
    create: { userId, kind: pref.kind, inApp: pref.inApp, email: pref.email },
    update: { inApp: pref.inApp, email: pref.email },
    select: { kind: true, inApp: true, email: true },
  });
}
