import { inTransaction, runQuery, type DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { memberAccount, post, providerAccount } from "@/lib/ledger";
import { REWARD_ROW, transition } from "@/lib/rewards/postings";

const DAY = 24 * 60 * 60 * 1000;

/** `months` calendar months before `now` (UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * When a reward's expiry clock starts (docs/money-rules.md, "Expiry"): when it became available, or when the
 * program turned expiry on or shortened it (programs.expiry_clock_from, set by a trigger), whichever is later.
 * Shared with the warning e-mail, so members are warned about the day their cashback really expires.
 */
export const EXPIRY_CLOCK_SQL = (reward: string, program: string) => `greatest(coalesce(${reward}.available_at, ${reward}.created_at), coalesce(${program}.expiry_clock_from, '-infinity'::timestamptz))`;

type Row = { reward_id: string; member_id: string; provider_id: string; currency: Currency; amount: string };

// Per member (available balance > 0): the member's available rewards, newest first. Spending takes the oldest
// cashback first, so the balance is what is left of the newest rewards; each reward's unspent part is
// least(amount, balance − what newer rewards hold). Those whose clock started before the cut-off expire.
const EXPIRABLE_SQL = `
  WITH r AS (
    SELECT rw.id, rw.member_id, rw.currency, p.provider_id, a.balance, rw.amount_minor, ${EXPIRY_CLOCK_SQL("rw", "p")} AS clock,
           coalesce(sum(rw.amount_minor) OVER (PARTITION BY rw.member_id ORDER BY coalesce(rw.available_at, rw.created_at) DESC, rw.id DESC
                                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS newer
      FROM rewards rw
      JOIN programs p ON p.id = rw.program_id
      JOIN ledger_accounts a ON a.owner_type = 'MEMBER' AND a.owner_id = rw.member_id::text AND a.kind = 'MEMBER_AVAILABLE' AND a.currency = rw.currency
     WHERE rw.program_id = $1::uuid AND rw.status = 'AVAILABLE' AND rw.amount_minor > 0 AND a.balance > 0
       AND ($3::uuid IS NULL OR rw.member_id = $3::uuid)
  )
  SELECT id AS reward_id, member_id::text, provider_id::text, currency::text, least(amount_minor, greatest(balance - newer, 0))::text AS amount
    FROM r WHERE clock < $2::timestamptz AND balance - newer > 0
   ORDER BY member_id, id`;

/** How much of each member's available cashback has expired by `cutoff` (see EXPIRABLE_SQL), per reward. */
export async function expirableRewards(db: DbOrTx, input: { programId: string; cutoff: Date; memberId?: string }) {
  const rows = await runQuery<Row>(db, EXPIRABLE_SQL, [input.programId, input.cutoff, input.memberId ?? null]);
  return rows.map((r) => ({ rewardId: r.reward_id, memberId: r.member_id, providerId: r.provider_id, currency: r.currency, amountMinor: BigInt(r.amount) }));
}

/** expirableRewards summed per member. */
export async function expirableAmounts(db: DbOrTx, input: { programId: string; cutoff: Date }) {
  const totals = new Map<string, { memberId: string; providerId: string; currency: Currency; amountMinor: bigint }>();
  for (const r of await expirableRewards(db, input)) {
    const t = totals.get(r.memberId) ?? { memberId: r.memberId, providerId: r.providerId, currency: r.currency, amountMinor: 0n };
    t.amountMinor += r.amountMinor;
    totals.set(r.memberId, t);
  }
  return [...totals.values()];
}

/**
 * Expires available cashback older than each program's expiry period, reward by reward (docs/money-rules.md,
 * "Expiry"): the unspent part of each goes back to the provider (an EXPIRE posting that names the reward) and
 * the reward becomes EXPIRED, so a later refund of it does not take the same money back again and the
 * platform's commission on it is credited back. Cashback that was available before expiry was turned on or
 * shortened counts its period from that change. Safe to run any number of times: an expired reward is not
 * looked at again, and each member is done under a lock on their available balance.
 */
export async function expireCashback(db: DbOrTx, opts: { now?: Date } = {}): Promise<{ members: number; expiredMinor: Record<string, string> }> {
  const now = opts.now ?? new Date();
  const programs = await db.program.findMany({ where: { expiryMonths: { not: null } }, select: { id: true, expiryMonths: true } });
  const totals: Record<string, bigint> = {};
  let members = 0;
  for (const program of programs) {
    const cutoff = monthsBefore(now, program.expiryMonths ?? 0);
    const memberIds = [...new Set((await expirableRewards(db, { programId: program.id, cutoff })).map((r) => r.memberId))];
    for (const memberId of memberIds) {
      const expired = await inTransaction(db, async (tx) => {
        // Lock the rewards (by id), then the balance — the order refunds and recoveries take them in — and decide
        // again: a purchase or a refund may have come in meanwhile.
        await tx.$queryRaw`SELECT id FROM rewards WHERE member_id = ${memberId}::uuid AND status = 'AVAILABLE' ORDER BY id FOR UPDATE`;
        await tx.$queryRaw`SELECT id FROM ledger_accounts WHERE owner_type = 'MEMBER' AND owner_id = ${memberId} AND kind = 'MEMBER_AVAILABLE' FOR UPDATE`;
        let sum = 0n;
        let currency: Currency | null = null;
        for (const due of await expirableRewards(tx, { programId: program.id, cutoff, memberId })) {
          const reward = await tx.reward.findUniqueOrThrow({ where: { id: due.rewardId }, select: REWARD_ROW });
          const posted = await post(tx, {
            idempotencyKey: `reward:${reward.id}:expire:${reward.expiredMinor}`,
            kind: "EXPIRE",
            reference: { type: "reward", id: reward.id },
            metadata: { cutoff: cutoff.toISOString(), expiryMonths: program.expiryMonths },
            entries: [
              { account: memberAccount(due.memberId, "MEMBER_AVAILABLE", due.currency), amount: -due.amountMinor },
              { account: providerAccount(due.providerId, "PROVIDER_LIABILITY", due.currency), amount: due.amountMinor },
            ],
          });
          await transition(tx, reward, "EXPIRED", {
            actor: { type: "SYSTEM" },
            reason: `expired after ${program.expiryMonths} month${program.expiryMonths === 1 ? "" : "s"}`,
            amountMinor: due.amountMinor,
            ledgerTransactionId: posted.transactionId,
            data: { amountMinor: reward.amountMinor - due.amountMinor, expiredMinor: (reward.expiredMinor ?? 0n) + due.amountMinor },
          });
          sum += due.amountMinor;
          currency = due.currency;
        }
        return currency ? { currency, sum } : null;
      });
      if (!expired) continue;
      members += 1;
      totals[expired.currency] = (totals[expired.currency] ?? 0n) + expired.sum;
    }
  }
  return { members, expiredMinor: Object.fromEntries(Object.entries(totals).map(([c, v]) => [c, v.toString()])) };
}

export const EXPIRY_WARNING_DAYS = 14;
export const expiryWarningCutoff = (now: Date, months: number) => monthsBefore(new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY), months);
