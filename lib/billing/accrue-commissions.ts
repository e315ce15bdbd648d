import type { Db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { platformAccount, post, providerAccount } from "@/lib/ledger";
import { commissionFor, commissionTiers, periodOf, rateFor, type CommissionTier } from "./commission-tiers";

type Candidate = { id: string; amount_minor: bigint; currency: Currency; provider_id: string; awarded_at: Date };
type CreditCandidate = { record_id: string; reward_id: string; event_id: bigint };

export type Accrual = { accrued: number; commissionMinor: bigint; credited: number; creditedMinor: bigint };

/**
 * Accrues the platform's commission on every award that has none yet: one billing record and one FEE ledger
 * transaction (the provider's fees owed → platform fees) per reward, committed together. Idempotent by
 * reward (unique billing record, ledger idempotency key), safe on several workers at once. Points are not
 * money, so PTS awards carry no commission. Awards are taken in the order they were made, so the monthly
 * volume that picks each one's tier is the same whoever runs it. Then gives back the commission of awards
 * reversed or reduced since (see creditCommissions).
 */
export async function accrueCommissions(db: Db, opts: { limit?: number; tiers?: readonly CommissionTier[] } = {}): Promise<Accrual> {
  const tiers = opts.tiers ?? commissionTiers();
  const candidates = await db.$queryRaw<Candidate[]>`
    SELECT r.id, r.amount_minor, r.currency, p.provider_id,
           COALESCE((SELECT min(e.created_at) FROM reward_events e WHERE e.reward_id = r.id AND e.to_status = 'PENDING'), r.created_at) AS awarded_at
      FROM rewards r JOIN programs p ON p.id = r.program_id
     WHERE r.status IN ('PENDING', 'AVAILABLE') AND r.currency <> 'PTS' AND r.amount_minor > 0
       AND NOT EXISTS (SELECT 1 FROM billing_records b WHERE b.reward_id = r.id AND b.kind = 'COMMISSION')
     ORDER BY awarded_at, r.id
     LIMIT ${opts.limit ?? 500}`;
  let accrued = 0;
  let total = 0n;
  for (const c of candidates) {
    const period = periodOf(c.awarded_at);
    const done = await db.$transaction(async (tx) => {
      // One accrual at a time per provider, currency and month: the month-to-date volume decides the tier.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`billing:${c.provider_id}:${c.currency}:${period.toISOString()}`}))`;
      const [volume] = await tx.$queryRaw<{ sum: bigint }[]>`
        SELECT COALESCE(sum(award_minor), 0)::bigint AS sum FROM billing_records
         WHERE provider_id = ${c.provider_id}::uuid AND currency = ${c.currency}::"Currency" AND period = ${period}::date AND kind = 'COMMISSION'`;
      const rateBps = rateFor(tiers, volume?.sum ?? 0n);
      const commissionMinor = commissionFor(c.amount_minor, rateBps);
      const [record] = await tx.billingRecord.createManyAndReturn({
        data: [{ providerId: c.provider_id, rewardId: c.id, period, awardMinor: c.amount_minor, rateBps, commissionMinor, currency: c.currency }],
        skipDuplicates: true,
        select: { id: true },
      });
      if (!record) return null; // another worker accrued it first
      if (commissionMinor > 0n) {
        const posted = await post(tx, {
          idempotencyKey: `billing:reward:${c.id}:fee`,
          kind: "FEE",
          reference: { type: "reward", id: c.id },
          metadata: { billingRecordId: record.id, rateBps },
          effectiveAt: c.awarded_at,
          entries: [
            { account: providerAccount(c.provider_id, "PROVIDER_FEES_OWED", c.currency), amount: -commissionMinor },
            { account: platformAccount("PLATFORM_FEES", c.currency), amount: commissionMinor },
          ],
        });
        await tx.billingRecord.update({ where: { id: record.id }, data: { ledgerTransactionId: posted.transactionId } });
      }
      return commissionMinor;
    });
    if (done !== null) {
      accrued++;
      total += done;
    }
  }
  const credits = await creditCommissions(db, opts.limit ?? 500);
  return { accrued, commissionMinor: total, ...credits };
}

/**
 * Commission is owed on cashback that stands: when an award is reversed (a refund inside the hold period, a
 * reversal after it, a rejection) or reduced by a partial refund after its commission was charged, the
 * difference comes back as a CREDIT record and a FEE posting the other way, at the rate originally charged,
 * answering the reward event that reduced it. Credits are dated in the month they are made, so they are
 * netted on the next invoice. One credit per reward event (unique), taken under a lock on the commission, so
 * concurrent workers and re-runs credit nothing twice; a later event that reduced nothing records a zero credit
 * and is not looked at again.
 */
async function creditCommissions(db: Db, limit: number): Promise<{ credited: number; creditedMinor: bigint }> {
  const candidates = await db.$queryRaw<CreditCandidate[]>`
    SELECT b.id AS record_id, b.reward_id, last.id AS event_id
      FROM billing_records b
      JOIN rewards r ON r.id = b.reward_id
      JOIN LATERAL (SELECT max(e.id) AS id FROM reward_events e WHERE e.reward_id = b.reward_id) last ON true
     WHERE b.kind = 'COMMISSION' AND b.commission_minor > 0
       AND (CASE WHEN r.status IN ('PENDING', 'AVAILABLE') THEN r.amount_minor ELSE 0 END) < b.award_minor
       AND last.id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM billing_records c WHERE c.reward_id = b.reward_id AND c.reward_event_id = last.id)
     LIMIT ${limit}`;
  let credited = 0;
  let creditedMinor = 0n;
  for (const c of candidates) {
    const given = await db.$transaction(async (tx) => {
      const [commission] = await tx.$queryRaw<{ provider_id: string; currency: Currency; award_minor: bigint; rate_bps: number; commission_minor: bigint }[]>`
        SELECT provider_id, currency, award_minor, rate_bps, commission_minor FROM billing_records WHERE id = ${c.record_id}::uuid FOR UPDATE`;
      const [now] = await tx.$queryRaw<{ standing_minor: bigint; credited_award: bigint; credited_commission: bigint }[]>`
        SELECT (SELECT CASE WHEN status IN ('PENDING', 'AVAILABLE') THEN amount_minor ELSE 0 END FROM rewards WHERE id = ${c.reward_id}::uuid) AS standing_minor,
               COALESCE(-sum(award_minor), 0)::bigint AS credited_award,
               COALESCE(-sum(commission_minor), 0)::bigint AS credited_commission
          FROM billing_records WHERE reward_id = ${c.reward_id}::uuid AND kind = 'CREDIT'`;
      if (!commission || !now) return null;
      const standing = now.standing_minor < commission.award_minor ? now.standing_minor : commission.award_minor;
      const awardBack = commission.award_minor - standing - now.credited_award;
      const commissionBack = commission.commission_minor - commissionFor(standing, commission.rate_bps) - now.credited_commission;
      const due = commissionBack > 0n ? commissionBack : 0n;
      const [record] = await tx.billingRecord.createManyAndReturn({
        data: [
          {
            providerId: commission.provider_id,
            rewardId: c.reward_id,
            kind: "CREDIT",
            rewardEventId: c.event_id,
            period: periodOf(new Date()),
            awardMinor: awardBack > 0n ? -awardBack : 0n,
            rateBps: commission.rate_bps,
            commissionMinor: -due,
            currency: commission.currency,
          },
        ],
        skipDuplicates: true,
        select: { id: true },
      });
      if (!record) return null; // another worker credited this event first
      if (due > 0n) {
        const posted = await post(tx, {
          idempotencyKey: `billing:reward:${c.reward_id}:credit:${c.event_id}`,
          kind: "FEE",
          reference: { type: "reward", id: c.reward_id },
          metadata: { billingRecordId: record.id, rateBps: commission.rate_bps, credit: true },
          entries: [
            { account: providerAccount(commission.provider_id, "PROVIDER_FEES_OWED", commission.currency), amount: due },
            { account: platformAccount("PLATFORM_FEES", commission.currency), amount: -due },
          ],
        });
        await tx.billingRecord.update({ where: { id: record.id }, data: { ledgerTransactionId: posted.transactionId } });
      }
      return due;
    });
    if (given !== null && given > 0n) {
      credited++;
      creditedMinor += given;
    }
  }
  return { credited, creditedMinor };
}
