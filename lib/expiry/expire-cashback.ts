import { runQuery, type DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { LedgerError, memberAccount, post, providerAccount } from "@/lib/ledger";

const DAY = 24 * 60 * 60 * 1000;

/** `months` calendar months before `now` (UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

type Row = { member_id: string; provider_id: string; currency: Currency; balance: bigint; old_credits: bigint; all_credits: bigint };

/**
 * How much of each member's available cashback is older than the cut-off, spending the oldest first: cashback
 * released before the cut-off, less everything that has left the available balance since (spent, withdrawn,
 * reversed, expired), never more than the balance.
 */
export async function expirableAmounts(db: DbOrTx, input: { programId: string; cutoff: Date }) {
  const rows = await runQuery<Row>(
    db,
    `SELECT m.id AS member_id, p.provider_id, a.currency::text AS currency, a.balance,
            coalesce(sum(e.amount) FILTER (WHERE t.kind = 'RELEASE' AND e.amount > 0 AND t.effective_at < $2), 0) AS old_credits,
            coalesce(sum(e.amount) FILTER (WHERE t.kind = 'RELEASE' AND e.amount > 0), 0) AS all_credits
       FROM members m
       JOIN programs p ON p.id = m.program_id
       JOIN ledger_accounts a ON a.owner_type = 'MEMBER' AND a.owner_id = m.id::text AND a.kind = 'MEMBER_AVAILABLE' AND a.currency = p.currency
       LEFT JOIN ledger_entries e ON e.account_id = a.id
       LEFT JOIN ledger_transactions t ON t.id = e.transaction_id
      WHERE m.program_id = $1::uuid AND a.balance > 0
      GROUP BY m.id, p.provider_id, a.currency, a.balance`,
    [input.programId, input.cutoff],
  );
  return rows.map((r) => {
    const balance = BigInt(r.balance);
    const consumed = BigInt(r.all_credits) - balance;
    const old = BigInt(r.old_credits) - (consumed > 0n ? consumed : 0n);
    const amount = old <= 0n ? 0n : old > balance ? balance : old;
    return { memberId: r.member_id, providerId: r.provider_id, currency: r.currency, amountMinor: amount };
  });
}

/**
 * Expires available cashback older than each program's expiry period: it goes back to the provider (an EXPIRE
 * posting). Safe to run any number of times a day: the key is per member and day, and a second run finds
 * nothing left to expire.
 */
export async function expireCashback(db: DbOrTx, opts: { now?: Date } = {}): Promise<{ members: number; expiredMinor: Record<string, string> }> {
  const now = opts.now ?? new Date();
  const programs = await db.program.findMany({ where: { expiryMonths: { not: null } }, select: { id: true, expiryMonths: true } });
  const totals: Record<string, bigint> = {};
  let members = 0;
  for (const program of programs) {
    const cutoff = monthsBefore(now, program.expiryMonths ?? 0);
    for (const due of await expirableAmounts(db, { programId: program.id, cutoff })) {
      if (due.amountMinor <= 0n) continue;
      try {
        const posted = await post(db, {
          idempotencyKey: `expire:${due.memberId}:${now.toISOString().slice(0, 10)}`,
          kind: "EXPIRE",
          reference: { type: "member", id: due.memberId },
          metadata: { cutoff: cutoff.toISOString(), expiryMonths: program.expiryMonths },
          entries: [
            { account: memberAccount(due.memberId, "MEMBER_AVAILABLE", due.currency), amount: -due.amountMinor },
            { account: providerAccount(due.providerId, "PROVIDER_LIABILITY", due.currency), amount: due.amountMinor },
          ],
        });
        if (!posted.created) continue;
      } catch (error) {
        // Spent in the meantime (balance too low now) or already expired today with another amount: next run.
        if (error instanceof LedgerError) continue;
        throw error;
      }
      members += 1;
      totals[due.currency] = (totals[due.currency] ?? 0n) + due.amountMinor;
    }
  }
  return { members, expiredMinor: Object.fromEntries(Object.entries(totals).map(([c, v]) => [c, v.toString()])) };
}

export const EXPIRY_WARNING_DAYS = 14;
export const expiryWarningCutoff = (now: Date, months: number) => monthsBefore(new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY), months);
