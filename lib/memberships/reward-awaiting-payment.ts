import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/rewards/actor";
import { AWAITING_PAYMENT_REASON, issueReward } from "@/lib/rewards/issue-reward";
import { loadProgramSettings } from "@/lib/rewards/program-settings";

/**
 * Once a membership is paid for, the purchases its member made while it awaited payment are rewarded
 * (docs/money-rules.md, "Paid memberships"): each one's reward, rejected as "membership not paid yet" and
 * not decided on since, is decided again by the program's current settings, net of what was refunded
 * meanwhile. A purchase that turned out to duplicate another (one purchase, one reward) is left alone. Runs in
 * the caller's transaction, with the member row locked.
 */
export async function rewardPurchasesAwaitingPayment(tx: Tx, input: { memberId: string; programId: string; member: { segment: string | null; tier: string | null }; actor: Actor }): Promise<number> {
  const waiting = await tx.$queryRaw<{ id: string; purchase_id: string }[]>`
    SELECT r.id, r.purchase_id FROM rewards r JOIN purchases p ON p.id = r.purchase_id
     WHERE r.member_id = ${input.memberId}::uuid AND r.status = 'REJECTED' AND p.duplicate_of_id IS NULL
       AND (SELECT e.reason FROM reward_events e WHERE e.reward_id = r.id ORDER BY e.id DESC LIMIT 1) = ${AWAITING_PAYMENT_REASON}
     ORDER BY p.occurred_at, r.id FOR UPDATE OF r`;
  if (waiting.length === 0) return 0;
  const program = await loadProgramSettings(tx, input.programId);
  for (const w of waiting) {
    const purchase = await tx.purchase.findUniqueOrThrow({
      where: { id: w.purchase_id },
      select: { id: true, source: true, amountMinor: true, refundedMinor: true, currency: true, occurredAt: true, items: true },
    });
    await issueReward(tx, {
      program,
      purchase,
      member: { id: input.memberId, segment: input.member.segment, tier: input.member.tier, status: "ACTIVE" },
      actor: input.actor,
      reissue: { rewardId: w.id, reason: "membership paid: purchase made while it awaited payment" },
    });
  }
  return waiting.length;
}
