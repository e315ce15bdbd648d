import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { externalAccount, platformAccount, post } from "@/lib/ledger";
import { STRIPE_EXTERNAL } from "./payout-pricing";
import { lockWithdrawal } from "./transitions";

/** Days a paid payout may still come back from the bank (Stripe: returns arrive within a few business days). */
export const DEFAULT_PAYOUT_RETURN_WINDOW_DAYS = 10;

/** The return window, `PAYOUT_RETURN_WINDOW_DAYS` (1–365) or 10 days (docs/money-rules.md, "Paying members out"). */
export function payoutReturnWindowDays(): number {
  const raw = process.env.PAYOUT_RETURN_WINDOW_DAYS;
  if (raw === undefined || raw === "") return DEFAULT_PAYOUT_RETURN_WINDOW_DAYS;
  const days = Number(raw);
  if (!Number.isSafeInteger(days) || days < 1 || days > 365) throw new Error(`PAYOUT_RETURN_WINDOW_DAYS must be a whole number from 1 to 365, got "${raw}"`);
  return days;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Until when the bank may still return a payout paid at `paidAt`; after it, the payout is settled. */
export function payoutReturnableUntil(paidAt: Date, windowDays = payoutReturnWindowDays()): Date {
  return new Date(paidAt.getTime() + windowDays * DAY_MS);
}

/**
 * Settles the PAID withdrawals whose return window has passed (paid at least `windowDays` before `now`): their
 * money leaves PAYOUTS_CLEARING for `EXTERNAL stripe` (`SETTLE`, once per withdrawal) and `settled_at` is set,
 * in one unit of work per withdrawal. Each is locked and re-checked first, so overlapping runs settle nothing
 * twice; a return arriving later is taken from `EXTERNAL stripe` instead (returnWithdrawal).
 */
export async function settlePaidWithdrawals(db: DbOrTx, opts: { now?: Date; windowDays?: number } = {}): Promise<{ settled: number }> {
  const now = opts.now ?? new Date();
  const paidBefore = new Date(now.getTime() - (opts.windowDays ?? payoutReturnWindowDays()) * DAY_MS);
  let settled = 0;
  for (;;) {
    const due = await db.withdrawal.findMany({
      where: { status: "PAID", settledAt: null, paidAt: { lte: paidBefore } },
      select: { id: true },
      orderBy: { paidAt: "asc" },
      take: 200,
    });
    let done = 0;
    for (const { id } of due) {
      const ok = await inTransaction(db, async (tx) => {
        const w = await lockWithdrawal(tx, id);
        if (!w || w.status !== "PAID") return false;
        const row = await tx.withdrawal.findUniqueOrThrow({ where: { id }, select: { paidAt: true, settledAt: true } });
        if (row.settledAt || !row.paidAt || row.paidAt > paidBefore) return false;
        await post(tx, {
          idempotencyKey: `withdrawal:${w.id}:settled`,
          kind: "SETTLE",
          reference: { type: "withdrawal", id: w.id },
          metadata: { reason: "return window over" },
          entries: [
            { account: platformAccount("PAYOUTS_CLEARING", w.currency), amount: -w.amountMinor },
            { account: externalAccount(STRIPE_EXTERNAL, w.currency), amount: w.amountMinor },
          ],
        });
        await tx.withdrawal.update({ where: { id }, data: { settledAt: now } });
        return true;
      });
      if (ok) done += 1;
    }
    settled += done;
    // A batch that settled nothing (another worker took them) ends the run rather than looping on the same rows.
    if (due.length < 200 || done === 0) return { settled };
  }
}
