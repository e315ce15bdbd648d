"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { db, inTransaction } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { cancelRedemption } from "@/lib/redemptions/cancel-redemption";
import { findProviderRedemption } from "@/lib/redemptions/get-redemption-detail";
import { refundRedemption } from "@/lib/redemptions/refund-redemption";
import type { Actor } from "@/lib/rewards/actor";

const MANAGERS = ["OWNER", "MANAGER"] as const;
const PATH = "/dashboard/redemptions";

const ref = z.object({ providerId: z.uuid(), redemptionId: z.string().trim().min(1).max(100) });

/** The redemption, if it belongs to the caller's provider; NOT_FOUND otherwise (a guessed id reveals nothing). */
async function owned(providerId: string, redemptionId: string) {
  const found = await findProviderRedemption(db, { providerId, redemptionId });
  if (!found) throw new DomainError("NOT_FOUND", "That redemption does not exist.");
  return found;
}

const actorOf = (userId: string): Actor => ({ type: "USER", id: userId });

function refresh(redemptionId: string) {
  revalidatePath(PATH);
  revalidatePath(`${PATH}/${redemptionId}`);
  revalidatePath("/dashboard");
}

export const cancelRedemptionAction = providerAction(
  MANAGERS,
  ref.extend({ reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional() }),
  async ({ redemptionId, reason }, { providerId, user }) => {
    const { programId } = await owned(providerId, redemptionId);
    // One transaction: the audit line commits with the money movement or not at all.
    const view = await inTransaction(db, async (tx) => {
      const canceled = await cancelRedemption(tx, { programId, redemptionId, actor: actorOf(user.id), reason: reason || undefined });
      await recordAudit(tx, {
        actor: actorOf(user.id),
        action: "redemption.cancel",
        providerId,
        programId,
        target: { type: "redemption", id: redemptionId },
        after: { status: canceled.status, amountHeld: canceled.amountHeld },
        reason: reason || null,
      });
      return canceled;
    });
    refresh(redemptionId);
    return { status: view.status };
  },
);

export const refundRedemptionAction = providerAction(
  MANAGERS,
  ref.extend({
    // Minor units as a digit string: the screen parses what was typed without floats, and bigints stay exact here.
    amountMinor: z
      .string()
      .regex(/^[1-9]\d{0,14}$/, "Enter an amount above zero")
      .transform((v) => BigInt(v)),
    reason: z.string().trim().min(1, "Say why").max(500, "Keep the reason under 500 characters"),
    idempotencyKey: z.uuid(),
  }),
  async ({ redemptionId, amountMinor, reason, idempotencyKey }, { providerId, user }) => {
    const { programId } = await owned(providerId, redemptionId);
    // One transaction: the audit line commits with the refund or not at all.
    const refund = await inTransaction(db, async (tx) => {
      const answer = await refundRedemption(tx, {
        programId,
        redemptionId,
        amount: amountMinor,
        // Its own namespace, so a dashboard key can never collide with a shop's Idempotency-Key.
        idempotencyKey: `dashboard:${idempotencyKey}`,
        actor: actorOf(user.id),
        reason,
      });
      // A replay (double submit) answered the original refund: that one is already in the log.
      if (answer.httpStatus === 201) {
        await recordAudit(tx, {
          actor: actorOf(user.id),
          action: "redemption.refund",
          providerId,
          programId,
          target: { type: "redemption", id: redemptionId },
          after: { refundId: answer.refund.id, amount: answer.refund.amount, status: answer.refund.redemption.status, amountRefunded: answer.refund.redemption.amountRefunded },
          reason,
        });
      }
      return answer.refund;
    });
    refresh(redemptionId);
    return { refundId: refund.id, status: refund.redemption.status };
  },
);
