import type Stripe from "stripe";
import { DomainError } from "@/lib/errors";
import { isStripeOutage, stripe } from "./client";

/**
 * Stripe Connect Express accounts, for whoever Boomerang connects: a business that charges membership fees
 * (lib/providers/stripe-connect.ts) and a member who is paid their withdrawals (lib/withdrawals/payout-account.ts).
 * Stripe collects identity, bank details and its terms on its own hosted onboarding; we keep three flags.
 */
export type ExpressFlags = { chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean };

export const expressFlags = (account: Stripe.Account): ExpressFlags => ({
  chargesEnabled: account.charges_enabled === true,
  payoutsEnabled: account.payouts_enabled === true,
  detailsSubmitted: account.details_submitted === true,
});

/**
 * Creates an Express account once: the idempotency key names its owner, so a double click or a retry after a
 * crash gets the same account (the caller's row is unique per owner too).
 */
export async function createExpressAccount(params: Omit<Stripe.AccountCreateParams, "type">, idempotencyKey: string): Promise<Stripe.Account> {
  return stripe().accounts.create({ ...params, type: "express" }, { idempotencyKey });
}

/** A fresh single-use link to Stripe's hosted onboarding of the account, which sends the person back to `returnUrl`. */
export async function onboardingLink(accountId: string, urls: { refreshUrl: string; returnUrl: string }): Promise<string> {
  const link = await stripe().accountLinks.create({ account: accountId, type: "account_onboarding", refresh_url: urls.refreshUrl, return_url: urls.returnUrl });
  return link.url;
}

/** What Stripe says about the account now (re-read, never the event's payload). */
export async function readExpressFlags(accountId: string): Promise<ExpressFlags> {
  return expressFlags(await stripe().accounts.retrieve(accountId));
}

/** Runs a Stripe step the person waits for: an outage becomes a clear "try again" (503) instead of a crash. */
export async function withStripeOutageMessage<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isStripeOutage(error)) throw new DomainError("UNAVAILABLE", "We could not reach Stripe just now. Please try again in a moment.");
    throw error;
  }
}
