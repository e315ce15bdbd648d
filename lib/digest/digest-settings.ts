import "server-only";
import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { parseSendTime, timeZoneSchema } from "./time-zone";

export type DigestSettings = { enabled: boolean; timeZone: string; sendMinute: number };

export const digestSettingsInput = z.object({
  enabled: z.boolean(),
  timeZone: timeZoneSchema,
  sendTime: z.string().refine((t) => parseSendTime(t) !== null, { message: "must be a time such as 08:00" }),
});

/** The signed-in staff member's own digest settings at one provider. */
export async function getDigestSettings(db: DbOrTx, who: { userId: string; providerId: string }): Promise<DigestSettings> {
  const staff = await db.staffMember.findUnique({
    where: { userId_providerId: { userId: who.userId, providerId: who.providerId } },
    select: { digestEnabled: true, digestTimeZone: true, digestSendMinute: true },
  });
  if (!staff) throw new DomainError("NOT_FOUND", "You do not work for this business.");
  return { enabled: staff.digestEnabled, timeZone: staff.digestTimeZone, sendMinute: staff.digestSendMinute };
}

/** Turns the daily digest on or off for oneself, in a time zone and at a local time. Only one's own row. */
export async function setDigestSettings(db: DbOrTx, who: { userId: string; providerId: string }, input: z.input<typeof digestSettingsInput>): Promise<DigestSettings> {
  const parsed = digestSettingsInput.parse(input);
  const sendMinute = parseSendTime(parsed.sendTime)!;
  const { count } = await db.staffMember.updateMany({
    where: { userId: who.userId, providerId: who.providerId },
    data: { digestEnabled: parsed.enabled, digestTimeZone: parsed.timeZone, digestSendMinute: sendMinute },
  });
  if (count === 0) throw new DomainError("NOT_FOUND", "You do not work for this business.");
  return { enabled: parsed.enabled, timeZone: parsed.timeZone, sendMinute };
}
