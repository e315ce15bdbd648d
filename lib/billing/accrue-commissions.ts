import type { Db, Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { platformAccount, post, providerAccount } from "@/lib/ledger";
import { carriedCommission, commissionTiers, periodOf, rateFor, type CommissionTier } from "./commission-tiers";

type Candidate = { id: string; standing_minor: bigint; currency: Currency; provider_id: string; awarded_at: Date };
type CreditCandidate = { record_id: string; reward_id: string; event_id: bigint };

export type Accrual = { accrued: number; commissionMinor: bigint; credited: number; creditedMinor: bigint };

/**
 * The cashback of a reward that stands, for commission (docs/money-rules.md, "Commission"): what the member
 * keeps of it, plus what a refund after the hold period could not take back (the member was paid it). Not
 * what expired or was reversed. `r` is the alias of `rewards`.
 */
export const STANDING_SQL = (r: string) => `(CASE WHEN ${r}.status IN ('PENDING', 'AVAILABLE', 'EXPIRED') THEN ${r}.amount_minor ELSE 0 END + ${r}.unrecovered_minor)`;

/**
 * When a reward was awarded, for its commission month (docs/money-rules.md, "Commission"): the reward's own
 * creation time when the statement that recorded it also issued it (its move to PENDING has the creation
 * event's time: one transaction), otherwise the time it first moved to PENDING (a reviewed reward is awarded
 * when approved). The two readings agree on every reward the app writes; only the demo seed moves a reward's
 * creation time back to when its purchase happened (scripts/seed-history.ts), and its months follow.
 */
export const AWARDED_AT_SQL = (r: string) => `COALESCE((
              SELECT CASE WHEN min(e.created_at) FILTER (WHERE e.to_status = 'PENDING') = min(e.created_at) FILTER (WHERE e.from_status IS NULL)
                          THEN ${r}.created_at
                          ELSE min(e.created_at) FILTER (WHERE e.to_status = 'PENDING') END
                FROM reward_events e WHERE e.reward_id = ${r}.id), ${r}.created_at)`;

/** Locks a provider's month in a currency: accruals and credits of that month take turns. */
async function lockMonth(tx: Tx, providerId: string, currency: Currency, period: Date) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`billing:${providerId}:${currency}:${period.toISOString()}`}))`;
}

/**
 * The awarded cashback that stands for a provider's month (COMMISSION records less their CREDITs, by the month
 * of the award), and with `rateBps` only the awards charged at that rate with what was charged for them.
 */
async function monthTotals(tx: Tx, providerId: string, currency: Currency, period: Date, rateBps: number | null) {
  const [row] = await tx.$queryRaw<{ award: bigint; commission: bigint }[]>`
    SELECT COALESCE(sum(x.award_minor), 0)::bigint AS award, COALESCE(sum(x.commission_minor), 0)::bigint AS commission
      FROM billing_records x JOIN billing_records b ON b.reward_id = x.reward_id AND b.kind = 'COMMISSION'
     WHERE b.provider_id = ${providerId}::uuid AND b.currency = ${currency}::"Currency" AND b.period = ${period}::date
       AND (${rateBps}::int IS NULL OR b.rate_bps = ${rateBps}::int)`;
  return { awardMinor: row?.award ?? 0n, commissionMinor: row?.commission ?? 0n };
}

/**
 * Accrues the platform's commission on every award that stands and has none yet: one billing record and one
 * FEE ledger transaction (the provider's fees owed → platform fees) per reward, committed together. An award
 * is charged once its hold period is over (cashback refunded inside the hold never counts), at the tier its
 * month's volume net of reversals had reached before it, and by the difference it makes to the rate of the
 * month's total at that rate (carriedCommission), so fractions of a cent are not lost award by award.
 * Idempotent by reward (unique billing record, ledger idempotency key), safe on several workers at once.
 * Points are not money, so PTS awards carry no commission. Awards are taken in the order they were made.
 * Reductions are credited first (so the volume is net), then again after (see creditCommissions).
 */
export async function accrueCommissions(db: Db, opts: { limit?: number; tiers?: readonly CommissionTier[] } = {}): Promise<Accrual> {
  const tiers = opts.tiers ?? commissionTiers();
  const early = await creditCommissions(db, opts.limit ?? 500);
  const candidates = await db.$queryRawUnsafe<Candidate[]>(
    `SELECT r.id, ${STANDING_SQL("r")} AS standing_minor, r.currency, p.provider_id,
            ${AWARDED_AT_SQL("r")} AS awarded_at
       FROM rewards r JOIN programs p ON p.id = r.program_id
      WHERE r.status IN ('AVAILABLE', 'EXPIRED', 'REVERSED') AND r.currency <> 'PTS' AND ${STANDING_SQL("r")} > 0
        AND NOT EXISTS (SELECT 1 FROM billing_records b WHERE b.reward_id = r.id AND b.kind = 'COMMISSION')
      ORDER BY awarded_at, r.id
      LIMIT $1::int`,
    opts.limit ?? 500,
  );
  let accrued = 0;
  let total = 0n;
  for (const c of candidates) {
    const period = periodOf(c.awarded_at);
    const done = await db.$transaction(async (tx) => {
      // One accrual at a time per provider, currency and month: the month-to-date volume decides the tier.
      await lockMonth(tx, c.provider_id, c.currency, period);
      const rateBps = rateFor(tiers, (await monthTotals(tx, c.provider_id, c.currency, period, null)).awardMinor);
      const commissionMinor = carriedCommission(await monthTotals(tx, c.provider_id, c.currency, period, rateBps), c.standing_minor, rateBps);
      const [record] = await tx.billingRecord.createManyAndReturn({
        data: [{ providerId: c.provider_id, rewardId: c.id, period, awardMinor: c.standing_minor, rateBps, commissionMinor, currency: c.currency }],
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
  const late = await creditCommissions(db, opts.limit ?? 500);
  return { accrued, commissionMinor: total, credited: early.credited + late.credited, creditedMinor: early.creditedMinor + late.creditedMinor };
}

/**
 * Commission is owed on cashback that stands (STANDING_SQL): when an award is reversed, reduced by a partial
 * refund, recovered from the member after the hold, or expires after its commission was charged, the
 * difference comes back as a CREDIT record and a FEE posting the other way, at the rate originally charged,
 * answering the reward event that reduced it; the amount is the difference it makes to the rate of its
 * group's total (carriedCommission), so a group's commission stays the rate of what stands in it. Credits are
 * dated in the month they are made, so they are netted on the next invoice. One credit per reward event
 * (unique), taken under the lock of the award's month, so concurrent workers and re-runs credit nothing twice;
 * a later event that reduced nothing records a zero credit and is not looked at again.
 */
async function creditCommissions(db: Db, limit: number): Promise<{ credited: number; creditedMinor: bigint }> {
  const candidates = await db.$queryRawUnsafe<CreditCandidate[]>(
    `SELECT b.id AS record_id, b.reward_id, last.id AS event_id
       FROM billing_records b
       JOIN rewards r ON r.id = b.reward_id
       JOIN LATERAL (SELECT max(e.id) AS id FROM reward_events e WHERE e.reward_id = b.reward_id) last ON true
      WHERE b.kind = 'COMMISSION'
        AND ${STANDING_SQL("r")} < b.award_minor + (SELECT COALESCE(sum(c.award_minor), 0) FROM billing_records c WHERE c.reward_id = b.reward_id AND c.kind = 'CREDIT')
        AND last.id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM billing_records c WHERE c.reward_id = b.reward_id AND c.reward_event_id = last.id)
      LIMIT $1::int`,
    limit,
  );
  let credited = 0;
  let creditedMinor = 0n;
  for (const c of candidates) {
    const given = await db.$transaction(async (tx) => {
      const commission = await tx.billingRecord.findUnique({ where: { id: c.record_id }, select: { providerId: true, currency: true, period: true, awardMinor: true, rateBps: true } });
      if (!commission) return null;
      await lockMonth(tx, commission.providerId, commission.currency, commission.period);
      const [now] = await tx.$queryRawUnsafe<{ standing_minor: bigint; credited_award: bigint }[]>(
        `SELECT (SELECT ${STANDING_SQL("r")} FROM rewards r WHERE r.id = $1::uuid) AS standing_minor,
                COALESCE(-sum(award_minor), 0)::bigint AS credited_award
           FROM billing_records WHERE reward_id = $1::uuid AND kind = 'CREDIT'`,
        c.reward_id,
      );
      if (!now) return null;
      const standing = now.standing_minor < commission.awardMinor ? now.standing_minor : commission.awardMinor;
      const back = commission.awardMinor - standing - now.credited_award;
      const awardBack = back > 0n ? back : 0n;
      const group = await monthTotals(tx, commission.providerId, commission.currency, commission.period, commission.rateBps);
      const change = carriedCommission(group, -awardBack, commission.rateBps);
      const due = change < 0n ? -change : 0n;
      const [record] = await tx.billingRecord.createManyAndReturn({
        data: [
          {
            providerId: commission.providerId,
            rewardId: c.reward_id,
            kind: "CREDIT",
            rewardEventId: c.event_id,
            period: periodOf(new Date()),
            awardMinor: -awardBack,
            rateBps: commission.rateBps,
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
          metadata: { billingRecordId: record.id, rateBps: commission.rateBps, credit: true },
          entries: [
            { account: providerAccount(commission.providerId, "PROVIDER_FEES_OWED", commission.currency), amount: due },
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
