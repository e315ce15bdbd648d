import { db as rootDb, type Db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { platformAccount, post, providerAccount } from "@/lib/ledger";
import { commissionFor, commissionTiers, periodOf, rateFor, type CommissionTier } from "./commission-tiers";

type Candidate = { id: string; amount_minor: bigint; currency: Currency; provider_id: string; awarded_at: Date };

/**
 * Accrues the platform's commission on every award that has none yet: one billing record and one FEE ledger
 * transaction (the provider's fees owed → platform fees) per reward, committed together. Idempotent by
 * reward (unique billing record, ledger idempotency key), safe on several workers at once. Points are not
 * money, so PTS awards carry no commission. Awards are taken in the order they were made, so the monthly
 * volume that picks each one's tier is the same whoever runs it.
 */
export async function accrueCommissions(opts: { db?: Db; limit?: number; tiers?: readonly CommissionTier[] } = {}): Promise<{ accrued: number; commissionMinor: bigint }> {
  const db = opts.db ?? rootDb;
  const tiers = opts.tiers ?? commissionTiers();
  const candidates = await db.$queryRaw<Candidate[]>`
    SELECT r.id, r.amount_minor, r.currency, p.provider_id,
           COALESCE((SELECT min(e.created_at) FROM reward_events e WHERE e.reward_id = r.id AND e.to_status = 'PENDING'), r.created_at) AS awarded_at
      FROM rewards r JOIN programs p ON p.id = r.program_id
     WHERE r.status IN ('PENDING', 'AVAILABLE') AND r.currency <> 'PTS' AND r.amount_minor > 0
       AND NOT EXISTS (SELECT 1 FROM billing_records b WHERE b.reward_id = r.id)
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
         WHERE provider_id = ${c.provider_id}::uuid AND currency = ${c.currency}::"Currency" AND period = ${period}::date`;
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
  return { accrued, commissionMinor: total };
}
