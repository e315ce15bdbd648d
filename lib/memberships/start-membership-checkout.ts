import "server-only";
import { appUrl } from "@/lib/app-url";
import type { Db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { newMemberCode } from "@/lib/members/member-code";
import { requireChargesEnabled } from "@/lib/providers/stripe-connect";
import { stripe } from "@/lib/stripe/client";
import { platformMembershipFeePercent } from "./platform-fee";

// Stripe's limit for unit_amount (eight digits of minor units).
const MAX_STRIPE_AMOUNT = 99_999_999n;

export type CheckoutStart = { status: "checkout"; url: string; sessionId: string; memberId: string } | { status: "active"; memberId: string };

/**
 * Joining a paid program: the user becomes a member waiting for payment (earning nothing yet) and gets a
 * Stripe Checkout Session for the subscription, charged to the business's connected account as the destination
 * with the platform's application fee. A member who already pays is told so instead.
 */
export async function startMembershipCheckout(db: Db, input: { userId: string; programId: string }): Promise<CheckoutStart> {
  const program = await db.program.findUnique({
    where: { id: input.programId },
    select: { id: true, name: true, slug: true, currency: true, published: true, membershipPriceMinor: true, membershipInterval: true, providerId: true, provider: { select: { status: true } } },
  });
  if (!program || !program.published || program.provider.status !== "ACTIVE") throw new DomainError("NOT_FOUND", "This program is not open for new members.");
  if (program.membershipPriceMinor === null || program.membershipInterval === null) throw new DomainError("VALIDATION", "This program is free to join: no payment is needed.", { field: "programId" });
  if (program.currency === "PTS") throw new DomainError("VALIDATION", "A points program cannot sell paid memberships: give it a currency first.", { field: "programId" });
  if (program.membershipPriceMinor <= 0n || program.membershipPriceMinor > MAX_STRIPE_AMOUNT) throw new DomainError("VALIDATION", "The membership price is out of the range Stripe accepts.", { field: "programId" });

  // Fees go to the business's connected account: until it can accept charges nobody can be charged.
  const destination = await requireChargesEnabled(db, program.providerId, "This program cannot take membership payments just now: the business has not finished setting up its payments with Stripe.", "programId");

  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true, name: true } });
  const member = await pendingMember(db, input.userId, program.id);
  if (member.status === "ACTIVE") return { status: "active", memberId: member.id };

  let row = await db.membershipSubscription.findUnique({ where: { memberId: member.id } });
  if (!row) {
    // The idempotency key makes a retry after a crash reuse the same customer instead of creating another.
    const customer = await stripe().customers.create(
      { email: user.email, name: user.name ?? undefined, metadata: { memberId: member.id, userId: input.userId, programId: program.id } },
      { idempotencyKey: `boomerang-member-customer:${member.id}` },
    );
    await db.membershipSubscription.createMany({ data: [{ memberId: member.id, stripeCustomerId: customer.id, status: "incomplete" }], skipDuplicates: true });
    row = await db.membershipSubscription.findUniqueOrThrow({ where: { memberId: member.id } });
  }

  const session = await stripe().checkout.sessions.create({
    mode: "subscription",
    customer: row.stripeCustomerId,
    client_reference_id: member.id,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: program.currency.toLowerCase(),
          unit_amount: Number(program.membershipPriceMinor),
          recurring: { interval: program.membershipInterval === "YEAR" ? "year" : "month" },
          product_data: { name: `${program.name} membership` },
        },
      },
    ],
    metadata: { memberId: member.id, programId: program.id },
    // A destination charge: the member pays the business, Stripe moves the fee to the platform (docs/memberships-connect.md).
    subscription_data: {
      metadata: { memberId: member.id, programId: program.id },
      transfer_data: { destination },
      application_fee_percent: platformMembershipFeePercent(),
    },
    success_url: appUrl(`/join/${program.slug}/return?session_id={CHECKOUT_SESSION_ID}`),
    cancel_url: appUrl(`/join/${program.slug}?checkout=canceled`),
  });
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
  await db.membershipSubscription.update({ where: { id: row.id }, data: { checkoutSessionId: session.id } });
  return { status: "checkout", url: session.url, sessionId: session.id, memberId: member.id };
}

/** The user's membership of the program, created as PENDING_PAYMENT when there is none; someone who left rejoins the same way. */
async function pendingMember(db: Db, userId: string, programId: string) {
  const where = { userId_programId: { userId, programId } };
  const existing = await db.member.findUnique({ where, select: { id: true, status: true } });
  if (existing) {
    if (existing.status !== "LEFT") return existing;
    return db.member.update({ where: { id: existing.id }, data: { status: "PENDING_PAYMENT", statusChangedAt: new Date() }, select: { id: true, status: true } });
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const [created] = await db.member.createManyAndReturn({
      data: [{ userId, programId, code: newMemberCode(), status: "PENDING_PAYMENT", statusChangedAt: new Date() }],
      skipDuplicates: true,
      select: { id: true, status: true },
    });
    if (created) return created;
    // The code collided, or a concurrent start won (then use theirs).
    const raced = await db.member.findUnique({ where, select: { id: true, status: true } });
    if (raced) return raced;
  }
  throw new Error("could not allocate a unique member code");
}
