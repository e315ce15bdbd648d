import type Stripe from "stripe";
import { inTransaction, type Db } from "@/lib/db/client";
import { stripe } from "@/lib/stripe/client";
import { readyPayoutAccount } from "./payout-account";
import { reclaimTransfer, transferGroup } from "./reclaim-transfer";
import { lockWithdrawal, notifyWithdrawal, releaseWithdrawal, WITHDRAWAL_ROW } from "./transitions";

/**
 * Sends confirmed (and, above the threshold, approved) withdrawals. Money goes out through Stripe Connect: the
 * platform transfers the amount to the member's Express payout account (one per person, onboarded on Stripe's
 * hosted pages: lib/withdrawals/payout-account.ts) and pays it out from there to the bank the member gave Stripe,
 * at once. The payout's webhooks (payout.paid / failed) settle the withdrawal.
 *
 * Never twice: every Stripe call carries an idempotency key derived from the withdrawal, and because Stripe
 * forgets keys after 24 hours, a retry first looks for what an earlier attempt made — the transfer by its
 * transfer group, the payout by its metadata on the member's account — and reuses it. Money transferred for a
 * payout that then fails is reversed.
 */
export async function sendDuePayouts(db: Db, opts: { batchSize?: number; userEmail?: string } = {}): Promise<{ sent: number; failed: number }> {
  const due = await db.withdrawal.findMany({ where: { status: "PROCESSING", payoutId: null, ...(opts.userEmail ? { user: { email: opts.userEmail.toLowerCase() } } : {}) }, orderBy: { createdAt: "asc" }, take: opts.batchSize ?? 50, select: { id: true } });
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    const outcome = await sendPayout(db, id);
    if (outcome === "sent") sent += 1;
    if (outcome === "failed") failed += 1;
  }
  return { sent, failed };
}

/** The transfer an earlier attempt made for this withdrawal and that still stands (not taken back), if any. */
export async function existingTransfer(withdrawalId: string): Promise<Stripe.Transfer | null> {
  const transfers = await stripe().transfers.list({ transfer_group: transferGroup(withdrawalId), limit: 10 });
  return transfers.data.find((t) => t.amount_reversed < t.amount && t.metadata?.withdrawalId === withdrawalId) ?? null;
}

/** The payout an earlier attempt made for this withdrawal on the member's account, if any (newest payouts first). */
async function existingPayout(withdrawalId: string, account: string): Promise<Stripe.Payout | null> {
  const payouts = await stripe().payouts.list({ limit: 100 }, { stripeAccount: account });
  return payouts.data.find((p) => p.metadata?.withdrawalId === withdrawalId) ?? null;
}

async function sendPayout(db: Db, withdrawalId: string): Promise<"sent" | "failed" | "skipped"> {
  const w = await db.withdrawal.findUnique({ where: { id: withdrawalId }, select: { id: true, userId: true, status: true, payoutId: true, amountMinor: true, currency: true } });
  if (!w || w.status !== "PROCESSING" || w.payoutId) return "skipped";
  const destination = await readyPayoutAccount(db, w.userId);
  if (!destination) {
    // Queued before payout accounts existed, or Stripe disabled payouts on it since: it waits for the member's set-up.
    await inTransaction(db, async (tx) => {
      const locked = await lockWithdrawal(tx, w.id);
      if (locked?.status !== "PROCESSING") return;
      const updated = await tx.withdrawal.update({ where: { id: w.id }, data: { status: "AWAITING_PAYOUT_SETUP" }, select: WITHDRAWAL_ROW });
      await notifyWithdrawal(tx, updated, "AWAITING_PAYOUT_SETUP");
    });
    return "skipped";
  }
  const key = transferGroup(w.id);
  let payoutId: string;
  try {
    const currency = w.currency.toLowerCase();
    const amount = Number(w.amountMinor); // within Number's exact range: withdrawals are capped far below 2^53
    const transfer =
      (await existingTransfer(w.id)) ??
      (await stripe().transfers.create({ amount, currency, destination, transfer_group: key, metadata: { withdrawalId: w.id } }, { idempotencyKey: `${key}:transfer` }));
    await db.withdrawal.updateMany({ where: { id: w.id, transferId: null }, data: { transferId: transfer.id } });
    const payout =
      (await existingPayout(w.id, destination)) ??
      (await stripe().payouts.create({ amount, currency, metadata: { withdrawalId: w.id } }, { idempotencyKey: `${key}:payout`, stripeAccount: destination }));
    payoutId = payout.id;
  } catch (error) {
    // Refusals (the account cannot receive money) end the withdrawal and give the money back; anything else
    // (Stripe unreachable) is retried by the next run, which finds what this attempt already made.
    if (!isStripeRefusal(error)) throw error;
    const reason = error instanceof Error ? error.message : "the payout was refused";
    // The transfer may have gone through before the payout was refused: take it back before the member gets
    // the amount back (if Stripe is unreachable now, this throws and the next run retries the whole step).
    await reclaimTransfer(w.id);
    await inTransaction(db, async (tx) => {
      const locked = await lockWithdrawal(tx, w.id);
      if (locked?.status === "PROCESSING") await releaseWithdrawal(tx, locked, "FAILED", `Your payout account could not receive the money: ${reason}`);
    });
    return "failed";
  }
  await db.withdrawal.updateMany({ where: { id: w.id, payoutId: null }, data: { payoutId } });
  return "sent";
}

function isStripeRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const type = (error as { type?: unknown }).type;
  return type === "StripeInvalidRequestError" || type === "StripeCardError";
}
