"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { refundPurchaseByStaff } from "@/lib/purchases/staff-refund";
import type { Actor } from "@/lib/rewards/actor";
import { reverseDueReward } from "@/lib/rewards/reverse-due-reward";
import type { ReviewDecision } from "@/lib/rewards/review-reward";
import { rewardProgramsOf, reviewRewardsBulk } from "@/lib/rewards/review-rewards-bulk";

const MANAGERS = ["OWNER", "MANAGER"] as const;
const PATH = "/dashboard/orders";

const reason = z.string().trim().min(1, "Say why").max(500, "Keep the reason under 500 characters");
const optionalReason = z.string().trim().max(500, "Keep the reason under 500 characters").optional();

const reviewSchema = z.discriminatedUnion("decision", [
  z.object({ providerId: z.uuid(), rewardId: z.uuid(), decision: z.literal("approve"), reason: optionalReason }),
  z.object({
    providerId: z.uuid(),
    rewardId: z.uuid(),
    decision: z.literal("adjust"),
    // Minor units as a digit string: the screen parses what was typed without floats, and bigints stay exact here.
    amountMinor: z
      .string()
      .regex(/^[1-9]\d{0,14}$/, "Enter an amount above zero")
      .transform((v) => BigInt(v)),
    reason,
  }),
  z.object({ providerId: z.uuid(), rewardId: z.uuid(), decision: z.literal("hold"), reason }),
  z.object({ providerId: z.uuid(), rewardId: z.uuid(), decision: z.literal("reject"), reason }),
]);

function toDecision(input: z.output<typeof reviewSchema>): ReviewDecision {
  switch (input.decision) {
    case "approve":
      return { action: "approve", reason: input.reason || undefined };
    case "adjust":
      return { action: "approve", amountMinor: input.amountMinor, reason: input.reason };
    case "hold":
      return { action: "hold", reason: input.reason };
    case "reject":
      return { action: "reject", reason: input.reason };
  }
}

const actorOf = (userId: string): Actor => ({ type: "USER", id: userId });

export const reviewOrderAction = providerAction(MANAGERS, reviewSchema, async (input, { providerId, user }) => {
  const [outcome] = await reviewRewardsBulk(db, { providerId, rewardIds: [input.rewardId], decision: toDecision(input), actor: actorOf(user.id) });
  if (!outcome) throw new DomainError("NOT_FOUND", "That reward does not exist.");
  if (!outcome.ok) throw new DomainError(outcome.code, outcome.message);
  revalidatePath(PATH);
  return { status: outcome.status };
});

export const bulkReviewAction = providerAction(
  MANAGERS,
  z.discriminatedUnion("decision", [
    z.object({ providerId: z.uuid(), rewardIds: z.array(z.uuid()).min(1, "Select at least one order").max(100, "Select at most 100 orders"), decision: z.literal("approve"), reason: optionalReason }),
    z.object({ providerId: z.uuid(), rewardIds: z.array(z.uuid()).min(1, "Select at least one order").max(100, "Select at most 100 orders"), decision: z.literal("reject"), reason }),
  ]),
  async (input, { providerId, user }) => {
    const decision: ReviewDecision = input.decision === "reject" ? { action: "reject", reason: input.reason } : { action: "approve", reason: input.reason || undefined };
    const outcomes = await reviewRewardsBulk(db, { providerId, rewardIds: input.rewardIds, decision, actor: actorOf(user.id) });
    revalidatePath(PATH);
    const failed = outcomes.filter((o) => !o.ok);
    return { done: outcomes.length - failed.length, failed: failed.map((o) => ({ rewardId: o.rewardId, message: o.ok ? "" : o.message })) };
  },
);

export const reverseRewardAction = providerAction(
  MANAGERS,
  z.object({ providerId: z.uuid(), rewardId: z.uuid(), reason: optionalReason }),
  async (input, { providerId, user }) => {
    const programId = (await rewardProgramsOf(db, providerId, [input.rewardId])).get(input.rewardId);
    if (!programId) throw new DomainError("NOT_FOUND", "That reward does not exist.");
    const result = await reverseDueReward(db, { programId, rewardId: input.rewardId, actor: actorOf(user.id), reason: input.reason || undefined });
    revalidatePath(PATH);
    return { recoveredMinor: result.recoveredMinor.toString(), unrecoveredMinor: result.unrecoveredMinor.toString(), currency: result.reward.currency };
  },
);

/** A refund of a purchase from any source, in part or in full; who may and how much is refundPurchaseByStaff's rule. */
export const refundPurchaseAction = providerAction(
  MANAGERS,
  z.object({
    providerId: z.uuid(),
    purchaseId: z.uuid(),
    // Minor units as a digit string; left out: everything not refunded yet.
    refundMinor: z
      .string()
      .regex(/^[1-9]\d{0,14}$/, "Enter an amount above zero")
      .transform((v) => BigInt(v))
      .optional(),
    reason,
    requestId: z.uuid(),
  }),
  async (input, { providerId, user }) => {
    const refunded = await refundPurchaseByStaff(db, { providerId, purchaseId: input.purchaseId, userId: user.id, refundMinor: input.refundMinor, reason: input.reason, requestId: input.requestId });
    revalidatePath(PATH);
    return {
      refundMinor: refunded.refundMinor.toString(),
      currency: refunded.currency,
      rewardStatus: refunded.reward?.status ?? null,
      recoveredMinor: (refunded.reward?.recoveredMinor ?? 0n).toString(),
      unrecoveredMinor: (refunded.reward?.unrecoveredMinor ?? 0n).toString(),
    };
  },
);
