import "server-only";
import { cache } from "react";
import { z } from "zod";
import { db } from "@/lib/db/client";

const rewardId = z.uuid();

/**
 * One of the user's rewards with its purchase, program and status timeline. Null for a malformed id, an
 * unknown one, or another member's: the same answer, so ids reveal nothing. Cached per request: the detail
 * layout checks it and the page renders it with one query.
 */
export const getHistoryItem = cache(async (userId: string, id: string) => {
  if (!rewardId.safeParse(id).success) return null;
  const reward = await db.reward.findFirst({
    where: { id, member: { userId } },
    select: {
      id: true,
      status: true,
      currency: true,
      computedMinor: true,
      amountMinor: true,
      explanation: true,
      availableAt: true,
      reversedMinor: true,
      createdAt: true,
      member: { select: { id: true, code: true, status: true } },
      program: { select: { name: true, slug: true, brandColor: true, holdDays: true } },
      purchase: { select: { source: true, orderId: true, amountMinor: true, refundedMinor: true, currency: true, occurredAt: true } },
      // Who acted is kept to the kind of actor: staff ids and webhook ids are the provider's business.
      events: { orderBy: { id: "asc" }, select: { id: true, fromStatus: true, toStatus: true, amountMinor: true, actorType: true, reason: true, createdAt: true } },
    },
  });
  return reward;
});

export type HistoryItem = NonNullable<Awaited<ReturnType<typeof getHistoryItem>>>;
