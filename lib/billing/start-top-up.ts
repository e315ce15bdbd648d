import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { appUrl } from "@/lib/app-url";
import { stripe } from "@/lib/stripe/client";
import { ensureProviderCustomer } from "./ensure-provider-customer";

/** Top-ups below this or above that are refused (minor units): a typo should not charge a card for millions. */
export const TOP_UP_MIN_MINOR = 1000n;
export const TOP_UP_MAX_MINOR = 10_000_000n;

/**
 * A business tops up its prepaid balance: a Stripe Checkout session in payment mode on the provider's Stripe
 * customer. Nothing is credited until Stripe says it was paid (checkout.session.completed → completeTopUp).
 */
export async function startTopUp(db: Db, input: { providerId: string; userId: string; currency: Currency; amountMinor: bigint }): Promise<{ topUpId: string; url: string }> {
  if (input.currency === "PTS") throw new DomainError("VALIDATION", "Points programs have no payouts to fund.", { field: "currency" });
  if (input.amountMinor < TOP_UP_MIN_MINOR || input.amountMinor > TOP_UP_MAX_MINOR) {
    throw new DomainError("VALIDATION", `A top-up is between ${TOP_UP_MIN_MINOR} and ${TOP_UP_MAX_MINOR} minor units.`, { field: "amountMinor" });
  }
  const customer = await ensureProviderCustomer(db, input.providerId);
  const id = randomUUID();
  await db.providerTopUp.create({ data: { id, providerId: input.providerId, currency: input.currency, amountMinor: input.amountMinor, status: "open", createdById: input.userId } });
  const session = await stripe().checkout.sessions.create(
    {
      mode: "payment",
      customer,
      client_reference_id: id,
      line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: Number(input.amountMinor), product_data: { name: "Boomerang prepaid balance for cashback payouts" } } }],
      metadata: { providerTopUpId: id, providerId: input.providerId },
      payment_intent_data: { metadata: { providerTopUpId: id } },
      success_url: appUrl(`/dashboard/billing?topup=${id}`),
      cancel_url: appUrl(`/dashboard/billing?topup=canceled`),
    },
    { idempotencyKey: `boomerang-top-up:${id}` },
  );
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
  await db.providerTopUp.update({ where: { id }, data: { checkoutSessionId: session.id } });
  return { topUpId: id, url: session.url };
}
