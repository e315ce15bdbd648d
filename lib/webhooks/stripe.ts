import "server-only";
import Stripe from "stripe";
import { z } from "zod";
import { db, type Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { completeTopUp } from "@/lib/billing/complete-top-up";
import { syncProviderInvoice } from "@/lib/billing/sync-provider-invoice";
import { handleMembershipDispute } from "@/lib/memberships/handle-membership-dispute";
import { handleMembershipRefund } from "@/lib/memberships/handle-membership-refund";
import { recordMembershipPayment } from "@/lib/memberships/record-membership-payment";
import { disputeOf, syncMembershipDispute } from "@/lib/memberships/sync-membership-dispute";
import { syncMembershipRefunds } from "@/lib/memberships/refund-membership-payment";
import { syncConnectAccount } from "@/lib/providers/stripe-connect";
import { syncSubscription } from "@/lib/memberships/sync-subscription";
import { reclaimTransfer } from "@/lib/withdrawals/reclaim-transfer";
import { settleWithdrawal } from "@/lib/withdrawals/settle-withdrawal";
import { syncPayoutAccount } from "@/lib/withdrawals/payout-account";
import { idOf, isStripeOutage, stripe, stripeWebhookSecret } from "@/lib/stripe/client";

/** Thrown when no webhook secret is configured: the endpoint refuses rather than accept unverified events. */
export class WebhookNotConfiguredError extends Error {
  constructor() {
    super("Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET is not set).");
  }
}

type Handler = (tx: Tx, event: Stripe.Event) => Promise<void>;

async function onCheckoutCompleted(tx: Tx, event: Stripe.Event) {
  if (event.type !== "checkout.session.completed") return;
  // Re-read: the subscription id is set once the session completed, whatever this payload says.
  const session = await stripe().checkout.sessions.retrieve(event.data.object.id);
  const subscriptionId = session.mode === "subscription" ? idOf(session.subscription) : null;
  if (subscriptionId) await syncSubscription(tx, subscriptionId);
  // A business topping up its prepaid balance (lib/billing/start-top-up.ts).
  if (session.mode === "payment") await completeTopUp(tx, session.id);
}

/** A Checkout left unpaid until Stripe expired it: an abandoned top-up is marked so, and nothing is credited. */
async function onCheckoutExpired(tx: Tx, event: Stripe.Event) {
  if (event.type !== "checkout.session.expired") return;
  if (event.data.object.mode === "payment") await completeTopUp(tx, event.data.object.id);
}

async function onSubscriptionChanged(tx: Tx, event: Stripe.Event) {
  if (event.type !== "customer.subscription.created" && event.type !== "customer.subscription.updated" && event.type !== "customer.subscription.deleted") return;
  await syncSubscription(tx, event.data.object.id);
}

async function onInvoiceChanged(tx: Tx, event: Stripe.Event) {
  if (!event.type.startsWith("invoice.") || event.data.object.object !== "invoice") return;
  const invoice = event.data.object;
  if (!invoice.id) return;
  const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
  if (subscriptionId) {
    await syncSubscription(tx, subscriptionId);
    // What the member paid, the platform's fee and what reached the business (Billing → Membership revenue).
    if (event.type === "invoice.paid") await recordMembershipPayment(tx, invoice.id);
  } else await syncProviderInvoice(tx, invoice.id, { paymentFailed: event.type === "invoice.payment_failed" });
}

async function onPayoutChanged(tx: Tx, event: Stripe.Event) {
  if (event.type !== "payout.paid" && event.type !== "payout.failed") return;
  // Re-read on the connected account that made it: the status now, not the order events arrived in.
  const payout = await stripe().payouts.retrieve(event.data.object.id, {}, event.account ? { stripeAccount: event.account } : undefined);
  const withdrawalId = payout.metadata?.withdrawalId;
  if (!withdrawalId || !/^[0-9a-f-]{36}$/.test(withdrawalId)) return;
  // The webhook may arrive before the sender stored the payout id: the metadata names the withdrawal.
  await tx.withdrawal.updateMany({ where: { id: withdrawalId, payoutId: null }, data: { payoutId: payout.id } });
  if (payout.status === "paid") await settleWithdrawal(tx, { payoutId: payout.id, outcome: "paid" });
  else if (payout.status === "failed" || payout.status === "canceled") {
    const settled = await settleWithdrawal(tx, { payoutId: payout.id, outcome: "failed", reason: payout.failure_message ?? "the bank refused the payout" });
    // Stripe returns a failed payout's amount to the connected account, and the ledger has just given it back to
    // the member: take the transfer back to the platform. If Stripe is unreachable this throws, nothing commits,
    // and Stripe delivers the event again. (A withdrawal already PAID is left alone.)
    if (settled?.status === "FAILED") await reclaimTransfer(settled.id);
  }
}

async function onAccountUpdated(tx: Tx, event: Stripe.Event) {
  if (event.type !== "account.updated") return;
  // A business's connected account: charges_enabled decides whether its programs may charge membership fees.
  // A member's payout account: payouts_enabled sends the withdrawals that waited for its set-up.
  if ((await syncConnectAccount(tx, event.data.object.id)) === null) await syncPayoutAccount(tx, event.data.object.id);
}

/** A refunded membership payment: the recorded revenue follows Stripe, and a payment refunded in full ends the membership. */
async function onChargeRefunded(tx: Tx, event: Stripe.Event) {
  if (event.type !== "charge.refunded") return;
  await syncMembershipRefunds(tx, event.data.object.id);
  await handleMembershipRefund(tx, event);
}

/** A dispute opened ends the membership; a dispute lost takes the business's share of the payment back. */
async function onDisputeChanged(tx: Tx, event: Stripe.Event) {
  if (event.type === "charge.dispute.created") await handleMembershipDispute(tx, event);
  const dispute = disputeOf(event);
  if (dispute) await syncMembershipDispute(tx, dispute);
}

/** The events we act on, one small handler each; anything else is acknowledged and ignored. */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  "checkout.session.completed": onCheckoutCompleted,
  "checkout.session.expired": onCheckoutExpired,
  "customer.subscription.created": onSubscriptionChanged,
  "customer.subscription.updated": onSubscriptionChanged,
  "customer.subscription.deleted": onSubscriptionChanged,
  "invoice.paid": onInvoiceChanged,
  "invoice.payment_failed": onInvoiceChanged,
  "invoice.finalized": onInvoiceChanged,
  "invoice.voided": onInvoiceChanged,
  "invoice.marked_uncollectible": onInvoiceChanged,
  "payout.paid": onPayoutChanged,
  "payout.failed": onPayoutChanged,
  "charge.dispute.created": onDisputeChanged,
  "charge.dispute.closed": onDisputeChanged,
  "account.updated": onAccountUpdated,
  "charge.refunded": onChargeRefunded,
};

export type WebhookOutcome = { status: "processed" | "duplicate" | "ignored"; eventId: string; type: string };

/**
 * Verifies a delivery on its raw bytes, then runs the event's handler in one transaction with the insert of
 * its id into stripe_events: a replay (or a concurrent duplicate, which waits on that key) has no effect.
 */
const eventShape = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.object({ object: z.object({}) }) });

export async function handleStripeWebhook(input: { rawBody: string; signature: string | null }, opts: { now?: Date } = {}): Promise<WebhookOutcome> {
  const secret = stripeWebhookSecret();
  if (!secret) throw new WebhookNotConfiguredError();
  if (!input.signature) throw new DomainError("VALIDATION", "Missing Stripe-Signature header.", { field: "stripe-signature" });
  let event: Stripe.Event;
  try {
    const receivedAt = opts.now ? Math.floor(opts.now.getTime() / 1000) : undefined;
    event = Stripe.webhooks.constructEvent(input.rawBody, input.signature, secret, undefined, undefined, receivedAt);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unreadable";
    throw new DomainError("VALIDATION", `Invalid Stripe signature: ${reason}`, { field: "stripe-signature" });
  }
  // Correctly signed is not well formed: "null" or an event without an id, a type or data would reach the handlers.
  if (!eventShape.safeParse(event).success) throw new DomainError("VALIDATION", "The body must be a Stripe event: an object with an id, a type and data.object.");
  const handler = Object.hasOwn(HANDLERS, event.type) ? HANDLERS[event.type] : undefined;
  if (!handler) return { status: "ignored", eventId: event.id, type: event.type };
  try {
    return await db.$transaction(
      async (tx) => {
        const inserted = await tx.stripeEvent.createMany({ data: [{ id: event.id, type: event.type, livemode: event.livemode }], skipDuplicates: true });
        if (inserted.count === 0) return { status: "duplicate" as const, eventId: event.id, type: event.type };
        await handler(tx, event);
        return { status: "processed" as const, eventId: event.id, type: event.type };
      },
      // Handlers re-read from Stripe inside the transaction (under the object's lock), so allow for a slow API.
      { timeout: 45_000, maxWait: 10_000 },
    );
  } catch (error) {
    // Stripe itself out of reach while handling: nothing committed, and a 503 makes Stripe deliver the event again.
    if (isStripeOutage(error)) throw new DomainError("UNAVAILABLE", `Stripe could not be reached while handling ${event.id}; nothing was applied, deliver it again.`);
    throw error;
  }
}

