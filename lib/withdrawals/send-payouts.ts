import { decryptSecret } from "@/lib/crypto/secret-box";
import { inTransaction, type Db } from "@/lib/db/client";
import { plaidClient, plaidErrorOf } from "@/lib/plaid/client";
import { stripe } from "@/lib/stripe/client";
import { reclaimTransfer } from "./reclaim-transfer";
import { lockWithdrawal, releaseWithdrawal } from "./transitions";

/**
 * Sends confirmed (and, above the threshold, approved) withdrawals. Money goes out through Stripe Connect: each
 * linked bank account becomes the external account of a Custom connected account (its bank token comes from
 * Plaid's Stripe processor integration, so Boomerang never sees account numbers), the platform transfers the
 * amount to that account and pays it out to the bank at once. The payout's webhooks (payout.paid / failed)
 * settle the withdrawal. Every Stripe call carries an idempotency key derived from the withdrawal, so a crash
 * between calls and a retry never pays twice; money transferred for a payout that then fails is reversed.
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

/** A bank account Stripe can pay: created once per linked account and remembered. */
async function payoutDestination(db: Db, linkedAccountId: string, idempotencyKey: string): Promise<string> {
  const account = await db.linkedAccount.findUniqueOrThrow({ where: { id: linkedAccountId }, select: { userId: true, accessTokenEnc: true, plaidAccountId: true, payoutDestination: true, status: true } });
  if (account.payoutDestination) return account.payoutDestination;
  if (account.status !== "ACTIVE" || !account.plaidAccountId) throw new PayoutRefused("the bank account is no longer linked");
  const token = await plaidClient().processorStripeBankAccountTokenCreate({ access_token: decryptSecret(account.accessTokenEnc), account_id: account.plaidAccountId });
  const connected = await stripe().accounts.create(
    {
      type: "custom",
      business_type: "individual",
      capabilities: { transfers: { requested: true } },
      external_account: token.data.stripe_bank_account_token,
      metadata: { boomerangUserId: account.userId, linkedAccountId },
    },
    { idempotencyKey: `${idempotencyKey}:account` },
  );
  await db.linkedAccount.update({ where: { id: linkedAccountId }, data: { payoutDestination: connected.id } });
  return connected.id;
}

class PayoutRefused extends Error {}

async function sendPayout(db: Db, withdrawalId: string): Promise<"sent" | "failed" | "skipped"> {
  const w = await db.withdrawal.findUnique({ where: { id: withdrawalId }, select: { id: true, status: true, payoutId: true, amountMinor: true, currency: true, linkedAccountId: true } });
  if (!w || w.status !== "PROCESSING" || w.payoutId) return "skipped";
  const key = `withdrawal:${w.id}`;
  let payoutId: string;
  try {
    const destination = await payoutDestination(db, w.linkedAccountId, key);
    const currency = w.currency.toLowerCase();
    const amount = Number(w.amountMinor); // within Number's exact range: withdrawals are capped far below 2^53
    await stripe().transfers.create({ amount, currency, destination, transfer_group: key, metadata: { withdrawalId: w.id } }, { idempotencyKey: `${key}:transfer` });
    const payout = await stripe().payouts.create({ amount, currency, metadata: { withdrawalId: w.id } }, { idempotencyKey: `${key}:payout`, stripeAccount: destination });
    payoutId = payout.id;
  } catch (error) {
    // Refusals (the account cannot receive money) end the withdrawal and give the money back; anything else
    // (Stripe or Plaid unreachable) is retried by the next run with the same idempotency keys.
    const plaid = plaidErrorOf(error);
    const refused = error instanceof PayoutRefused || (plaid !== null && plaid.status === 400) || isStripeRefusal(error);
    if (!refused) throw error;
    const reason = error instanceof Error ? error.message : "the payout was refused";
    // The transfer may have gone through before the payout was refused: take it back before the member gets
    // the amount back (if Stripe is unreachable now, this throws and the next run retries the whole step).
    await reclaimTransfer(w.id);
    await inTransaction(db, async (tx) => {
      const locked = await lockWithdrawal(tx, w.id);
      if (locked?.status === "PROCESSING") await releaseWithdrawal(tx, locked, "FAILED", `The bank account could not receive the money: ${reason}`);
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
