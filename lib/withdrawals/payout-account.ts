import { appUrl } from "@/lib/app-url";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { createExpressAccount, expressFlags, onboardingLink, readExpressFlags, withStripeOutageMessage } from "@/lib/stripe/express-account";
import { readyStatus } from "./funding-gate";
import { lockWithdrawal, notifyWithdrawal, WITHDRAWAL_ROW } from "./transitions";

/**
 * A member's payout account: the Stripe Express account their withdrawals are paid through, one per person
 * (whatever bank accounts or programs they have). Stripe accepts paying consumers this way: Stripe's hosted
 * onboarding verifies the person, collects the bank account that receives payouts and their acceptance of
 * Stripe's terms. It is created on the first withdrawal; until Stripe enables payouts on it, confirmed
 * withdrawals wait as AWAITING_PAYOUT_SETUP ("Finish payout set-up") and go on once `account.updated` says so.
 */
export type PayoutAccountState = "none" | "onboarding_incomplete" | "ready";

export async function payoutAccountState(db: DbOrTx, userId: string): Promise<PayoutAccountState> {
  const row = await db.memberPayoutAccount.findUnique({ where: { userId }, select: { payoutsEnabled: true } });
  if (!row) return "none";
  return row.payoutsEnabled ? "ready" : "onboarding_incomplete";
}

/** The connected account a withdrawal of this person is paid through, or null while it cannot receive payouts. */
export async function readyPayoutAccount(db: DbOrTx, userId: string): Promise<string | null> {
  const row = await db.memberPayoutAccount.findUnique({ where: { userId }, select: { stripeAccountId: true, payoutsEnabled: true } });
  return row?.payoutsEnabled ? row.stripeAccountId : null;
}

/**
 * "Finish payout set-up": the member's Express account (created once: the idempotency key names the person and
 * the row is unique per person), then a fresh link to Stripe's hosted onboarding that returns to the withdraw page.
 */
export async function startPayoutOnboarding(db: DbOrTx, userId: string): Promise<{ url: string; accountId: string }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, payoutAccount: { select: { stripeAccountId: true } } } });
  if (!user) throw new DomainError("NOT_FOUND", "No such person.");
  return withStripeOutageMessage(async () => {
    let accountId = user.payoutAccount?.stripeAccountId;
    if (!accountId) {
      const account = await createExpressAccount(
        { business_type: "individual", email: user.email, capabilities: { transfers: { requested: true } }, metadata: { boomerangUserId: userId } },
        `boomerang-payout-account:${userId}`,
      );
      const flags = expressFlags(account);
      await db.memberPayoutAccount.createMany({ data: [{ userId, stripeAccountId: account.id, payoutsEnabled: flags.payoutsEnabled, detailsSubmitted: flags.detailsSubmitted }], skipDuplicates: true });
      accountId = (await db.memberPayoutAccount.findUniqueOrThrow({ where: { userId }, select: { stripeAccountId: true } })).stripeAccountId;
    }
    const url = await onboardingLink(accountId, { refreshUrl: appUrl("/wallet/withdraw?stripe=refresh"), returnUrl: appUrl("/wallet/withdraw?stripe=return") });
    return { url, accountId };
  });
}

/**
 * Converges our copy of a member's payout account on Stripe (account.updated, or the member back from
 * onboarding) and, once payouts are enabled, sends their withdrawals that waited for it on (to the payout
 * queue, or to wait for the business's funds). Null when the account is not a member's.
 */
export async function syncPayoutAccount(db: DbOrTx, accountId: string): Promise<{ state: PayoutAccountState; released: number } | null> {
  const row = await db.memberPayoutAccount.findUnique({ where: { stripeAccountId: accountId }, select: { userId: true } });
  if (!row) return null;
  const flags = await readExpressFlags(accountId);
  await db.memberPayoutAccount.update({ where: { userId: row.userId }, data: { payoutsEnabled: flags.payoutsEnabled, detailsSubmitted: flags.detailsSubmitted } });
  if (!flags.payoutsEnabled) return { state: "onboarding_incomplete", released: 0 };
  return { state: "ready", released: await releaseSetUpWithdrawals(db, row.userId) };
}

/** Withdrawals that waited for the payout account, oldest first, each under its lock. */
async function releaseSetUpWithdrawals(db: DbOrTx, userId: string): Promise<number> {
  const waiting = await db.withdrawal.findMany({ where: { userId, status: "AWAITING_PAYOUT_SETUP" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  let released = 0;
  for (const { id } of waiting) {
    const moved = await inTransaction(db, async (tx) => {
      const w = await lockWithdrawal(tx, id);
      if (w?.status !== "AWAITING_PAYOUT_SETUP") return false;
      const next = await readyStatus(tx, w);
      if (next === "AWAITING_PAYOUT_SETUP") return false;
      const updated = await tx.withdrawal.update({ where: { id }, data: { status: next }, select: WITHDRAWAL_ROW });
      await notifyWithdrawal(tx, updated, next);
      return true;
    });
    if (moved) released += 1;
  }
  return released;
}

/** The member is back from Stripe's onboarding: converge now rather than wait for the webhook (a failure waits for it). */
export async function refreshPayoutAccount(db: DbOrTx, userId: string): Promise<PayoutAccountState> {
  const row = await db.memberPayoutAccount.findUnique({ where: { userId }, select: { stripeAccountId: true } });
  if (row) {
    try {
      await syncPayoutAccount(db, row.stripeAccountId);
    } catch (error) {
      console.error("payouts: refreshing the payout account failed; account.updated will converge it", row.stripeAccountId, error instanceof Error ? error.message : error);
    }
  }
  return payoutAccountState(db, userId);
}
