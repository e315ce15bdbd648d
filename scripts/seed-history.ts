import { db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";

const DAY = 24 * 60 * 60 * 1000;

/** A small deterministic PRNG, so the demo history is the same on every machine and a re-run adds nothing. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type HistoryInput = {
  programId: string;
  currency: Currency;
  /** The customer's e-mail: a member's, or someone who has not joined (their purchases wait for them). */
  email: string;
  seed: number;
  /** How many purchases, spread over the last `days` days. */
  count: number;
  days: number;
  /** Basket range in minor units. */
  minBasket: number;
  maxBasket: number;
  /** Share of orders refunded in full while their reward is still pending. */
  refundRate?: number;
  now?: Date;
};

/**
 * Months of purchases for one customer, recorded through the real pipeline (rules engine, processing mode,
 * guards, ledger), as a shop's webhooks would have sent them. Only the creation dates of the purchase and
 * reward rows are moved back to when the purchase happened, so the dashboard's charts have a past; the ledger
 * and the audit trail keep their true posting times. Returns how many purchases were new.
 */
export async function seedPurchaseHistory(input: HistoryInput): Promise<number> {
  const now = input.now ?? new Date();
  const rand = mulberry32(input.seed);
  let created = 0;
  for (let i = 0; i < input.count; i++) {
    const daysAgo = Math.max(0, Math.floor(input.days - (i * input.days) / input.count - rand() * 4));
    const at = new Date(now.getTime() - daysAgo * DAY - Math.floor(rand() * 8 * 60 * 60 * 1000));
    const basket = BigInt(input.minBasket + Math.floor(rand() * (input.maxBasket - input.minBasket)));
    const orderId = `demo-${input.seed}-${i}`;
    const outcome = await recordPurchase(db, {
      programId: input.programId,
      source: "WEBHOOK",
      orderId,
      origin: { channel: "demo" },
      amountMinor: basket,
      currency: input.currency,
      customer: { email: input.email },
      occurredAt: at,
      eventKeys: [`order:${orderId}:order.paid`],
      actor: { type: "WEBHOOK" },
      now: at,
    });
    if (outcome.status !== "accepted") continue;
    created += 1;
    await db.$executeRaw`UPDATE purchases SET created_at = ${at} WHERE id = ${outcome.purchaseId}::uuid`;
    await db.$executeRaw`UPDATE rewards SET created_at = ${at} WHERE purchase_id = ${outcome.purchaseId}::uuid`;
    if (daysAgo > 2 && rand() < (input.refundRate ?? 0)) {
      await recordRefund(db, {
        programId: input.programId,
        source: "WEBHOOK",
        orderId,
        refundMinor: basket,
        refundKey: "demo-refund",
        eventKeys: [`order:${orderId}:order.refunded`],
        actor: { type: "WEBHOOK" },
      });
    }
  }
  return created;
}

/**
 * Two redemptions through the Redemption API's own path, as a shop's checkout makes them: one captured, one
 * still held (a day to capture). Idempotency keys make a re-run add nothing.
 */
export async function seedRedemptions(input: { programId: string; memberId: string; currency: Currency }): Promise<void> {
  const { createRedemption } = await import("@/lib/redemptions/create-redemption");
  for (const [n, amount, capture] of [[1, 150, true], [2, 100, false]] as const) {
    try {
      await createRedemption(db, {
        programId: input.programId,
        source: "API",
        memberId: input.memberId,
        idempotencyKey: `demo:${input.memberId}:redeem:${n}`,
        body: { customer: {}, amount, currency: input.currency, orderId: `10${40 + n}`, allowPartial: false, expiresInSeconds: 86_400, capture },
      });
    } catch (error) {
      // A member whose available balance is too small simply has no redemption.
      if (!(error instanceof DomainError)) throw error;
    }
  }
}

/**
 * Dates the rest of the demo history like its purchases: a reward's notifications when it was earned (or when
 * its hold ended), and each member's joining a day before their first purchase — not all at the minute the
 * seed ran. Changes nothing on a second run. (Reward events and ledger postings keep their true times: the
 * database refuses to change them.)
 */
export async function backdateDemoHistory(): Promise<void> {
  await db.$executeRaw`
    UPDATE notifications n
       SET created_at = CASE WHEN n.kind = 'AVAILABLE' AND r.available_at IS NOT NULL AND r.available_at < n.created_at THEN r.available_at ELSE r.created_at END
      FROM rewards r
     WHERE n.data->>'rewardId' = r.id::text AND r.created_at < n.created_at`;
  await db.$executeRaw`
    UPDATE members m SET joined_at = f.first_purchase - interval '1 day'
      FROM (SELECT member_id, min(occurred_at) AS first_purchase FROM purchases WHERE member_id IS NOT NULL GROUP BY member_id) f
     WHERE f.member_id = m.id AND m.joined_at > f.first_purchase - interval '1 day'`;
}
