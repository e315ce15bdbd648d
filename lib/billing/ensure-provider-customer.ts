import type { Db } from "@/lib/db/client";
import { stripe } from "@/lib/stripe/client";

/** The provider's Stripe customer, created once (a retry after a crash gets the same one back from Stripe). */
export async function ensureProviderCustomer(db: Db, providerId: string): Promise<string> {
  const existing = await db.providerBilling.findUnique({ where: { providerId }, select: { stripeCustomerId: true } });
  if (existing) return existing.stripeCustomerId;
  const provider = await db.provider.findUniqueOrThrow({
    where: { id: providerId },
    select: { name: true, staff: { where: { role: "OWNER" }, orderBy: { createdAt: "asc" }, take: 1, select: { user: { select: { email: true } } } } },
  });
  const customer = await stripe().customers.create(
    { name: provider.name, email: provider.staff[0]?.user.email, metadata: { providerId } },
    { idempotencyKey: `boomerang-provider-customer:${providerId}` },
  );
  await db.providerBilling.createMany({ data: [{ providerId, stripeCustomerId: customer.id }], skipDuplicates: true });
  return (await db.providerBilling.findUniqueOrThrow({ where: { providerId }, select: { stripeCustomerId: true } })).stripeCustomerId;
}
