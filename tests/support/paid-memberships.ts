import { db } from "@/lib/db/client";
import { aProgram, uniqueId } from "@/tests/support/programs";
import { aSubscription, anOnboardedAccount, type FakeStripe } from "@/tests/support/stripe";
import { createUser } from "@/lib/users/create-user";
import { startMembershipCheckout } from "@/lib/memberships/start-membership-checkout";

/** Test helpers for paid memberships, against the msw Stripe of tests/support/stripe. */

export const PAYER_PASSWORD = "correct horse battery staple";

/** A published program with a monthly membership (€9.90 unless told otherwise; `price: null` makes it free). */
export async function paidProgram(opts: { price?: bigint | null; currency?: "EUR" | "USD" } = {}) {
  const p = await aProgram({ currency: opts.currency ?? "EUR", holdDays: 14 });
  const price = opts.price === undefined ? 990n : opts.price;
  await db.program.update({ where: { id: p.programId }, data: { membershipPriceMinor: price, membershipInterval: price === null ? null : "MONTH" } });
  // Fees go to the business's connected account, onboarded in the test file's fake Stripe.
  await db.providerConnectAccount.create({ data: { providerId: p.providerId, stripeAccountId: anOnboardedAccount(), chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true } });
  const slug = (await db.program.findUniqueOrThrow({ where: { id: p.programId }, select: { slug: true } })).slug;
  return { ...p, slug };
}

export async function aPayer() {
  const email = `payer-${uniqueId()}@example.com`;
  const user = await createUser(db, { email, password: PAYER_PASSWORD });
  return { userId: user.id, email };
}

export const memberStatus = async (memberId: string) => (await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { status: true } })).status;

/** Checkout started and paid: Stripe now has an active subscription for the member (no webhook delivered yet). */
export async function paidCheckout(fake: FakeStripe) {
  const program = await paidProgram();
  const user = await aPayer();
  const started = await startMembershipCheckout(db, { userId: user.userId, programId: program.programId });
  if (started.status !== "checkout") throw new Error("expected a checkout");
  const session = fake.sessions.get(started.sessionId)!;
  const sub = aSubscription(fake, { customer: String(session.customer), memberId: started.memberId, status: "active" });
  Object.assign(session, { status: "complete", payment_status: "paid", subscription: sub.id });
  return { program, user, started, session, sub };
}
