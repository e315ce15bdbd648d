import "server-only";
import { appUrl } from "@/lib/app-url";
import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { createExpressAccount, expressFlags, onboardingLink, readExpressFlags, withStripeOutageMessage } from "@/lib/stripe/express-account";

/** Where a business stands with Stripe Connect: membership fees can be charged only in `can_accept_charges`. */
export type ConnectState = "not_connected" | "onboarding_incomplete" | "can_accept_charges";

export type ConnectStatus = {
  state: ConnectState;
  accountId: string | null;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
};

export async function getConnectStatus(db: DbOrTx, providerId: string): Promise<ConnectStatus> {
  const row = await db.providerConnectAccount.findUnique({ where: { providerId } });
  if (!row) return { state: "not_connected", accountId: null, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false };
  return {
    state: row.chargesEnabled ? "can_accept_charges" : "onboarding_incomplete",
    accountId: row.stripeAccountId,
    chargesEnabled: row.chargesEnabled,
    payoutsEnabled: row.payoutsEnabled,
    detailsSubmitted: row.detailsSubmitted,
  };
}

/** The connected account membership charges of this business go to; refuses (CONFLICT) until it can accept charges. */
export async function requireChargesEnabled(db: DbOrTx, providerId: string, message: string, field?: string): Promise<string> {
  const row = await db.providerConnectAccount.findUnique({ where: { providerId }, select: { stripeAccountId: true, chargesEnabled: true } });
  if (!row?.chargesEnabled) throw new DomainError("CONFLICT", message, field ? { field } : {});
  return row.stripeAccountId;
}

/**
 * "Connect with Stripe" / "Continue onboarding": the business's Express account (created once — the create
 * call carries an idempotency key derived from the provider id and the row is unique per provider, so a double
 * click or a retry after a crash gets the same account), then a fresh single-use account link to
 * Stripe's hosted onboarding, which sends the owner back to Settings.
 */
export async function startConnectOnboarding(db: DbOrTx, providerId: string): Promise<{ url: string; accountId: string }> {
  const provider = await db.provider.findUnique({ where: { id: providerId }, select: { id: true, name: true, connectAccount: { select: { stripeAccountId: true } } } });
  if (!provider) throw new DomainError("NOT_FOUND", "No such business.");
  return withStripeOutageMessage(async () => {
    let accountId = provider.connectAccount?.stripeAccountId;
    if (!accountId) {
      const account = await createExpressAccount(
        { capabilities: { card_payments: { requested: true }, transfers: { requested: true } }, business_profile: { name: provider.name }, metadata: { providerId } },
        `boomerang-connect-account:${providerId}`,
      );
      await db.providerConnectAccount.createMany({ data: [{ providerId, stripeAccountId: account.id, ...expressFlags(account) }], skipDuplicates: true });
      accountId = (await db.providerConnectAccount.findUniqueOrThrow({ where: { providerId }, select: { stripeAccountId: true } })).stripeAccountId;
    }
    const url = await onboardingLink(accountId, {
      refreshUrl: appUrl("/dashboard/settings?stripe=refresh#payments"),
      returnUrl: appUrl("/dashboard/settings?stripe=return#payments"),
    });
    return { url, accountId };
  });
}

/**
 * Converges our copy of a connected account on what Stripe says now (account.updated, or the owner back from
 * onboarding): re-reads the account rather than trusting the event's payload. An account that is no business's
 * (a member's payout account, lib/withdrawals/payout-account.ts; another platform's) is ignored. Returns the state, or null when ignored.
 */
export async function syncConnectAccount(db: DbOrTx, accountId: string): Promise<ConnectState | null> {
  const row = await db.providerConnectAccount.findUnique({ where: { stripeAccountId: accountId }, select: { providerId: true } });
  if (!row) return null;
  const fields = await readExpressFlags(accountId);
  await db.providerConnectAccount.update({ where: { providerId: row.providerId }, data: fields });
  return fields.chargesEnabled ? "can_accept_charges" : "onboarding_incomplete";
}

/** The owner is back from Stripe's onboarding: converge now rather than wait for the webhook (a failure waits for it). */
export async function refreshConnectStatus(db: DbOrTx, providerId: string): Promise<ConnectStatus> {
  const row = await db.providerConnectAccount.findUnique({ where: { providerId }, select: { stripeAccountId: true } });
  if (row) {
    try {
      await syncConnectAccount(db, row.stripeAccountId);
    } catch (error) {
      console.error("connect: refreshing the account failed; account.updated will converge it", row.stripeAccountId, error instanceof Error ? error.message : error);
    }
  }
  return getConnectStatus(db, providerId);
}
