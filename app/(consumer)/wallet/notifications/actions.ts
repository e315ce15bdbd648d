"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { NOTIFICATION_KINDS } from "@/lib/notifications/kinds";
import { markAllNotificationsRead, markNotificationRead } from "@/lib/notifications/mark-read";
import { setPreference } from "@/lib/notifications/set-preference";

export const markReadAction = memberAction(z.object({ id: z.string().regex(/^\d{1,19}$/, "Unknown notification") }), async ({ id }, { user }) => {
  await markNotificationRead(user.id, id);
  // The whole wallet: its layout carries the bell's unread count.
  revalidatePath("/wallet", "layout");
  return { id };
});

export const markAllReadAction = memberAction(z.object({}), async (_input, { user }) => {
  const count = await markAllNotificationsRead(user.id);
  revalidatePath("/wallet", "layout");
  return { count };
});

export const setPreferenceAction = memberAction(
  z.object({ kind: z.enum(NOTIFICATION_KINDS, "Unknown kind of notification"), inApp: z.boolean(), email: z.boolean() }),
  async (input, { user }) => {
    const saved = await setPreference(user.id, input);
    revalidatePath("/wallet/notifications");
    return saved;
  },
);
