import { z } from "zod";

// The payloads Boomerang POSTs to a business's endpoints (PRODUCT.md, "webhooks to the business"). The outbox
// triggers (migration 20261208110000_outbound_webhooks) build these bodies in SQL, in the transaction of the
// change; these schemas are the published contract (OpenAPI `webhooks`) and events.test.ts checks that what
// the triggers write parses with them.

export const EVENT_TYPES = [
  "reward.pending",
  "reward.available",
  "reward.rejected",
  "reward.reversed",
  "redemption.captured",
  "redemption.canceled",
  "redemption.refunded",
  "member.joined",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Sent only by "Send test event", to the one endpoint asked; never subscribed to. */
export const TEST_EVENT_TYPE = "webhook.test";

const currency = z.enum(["EUR", "USD", "GBP", "CAD", "PTS"]).describe("ISO currency, or PTS for a points program.");
const minor = z.number().int().min(0).describe("Minor units (4210 = 42.10), a JSON integer.");
const timestamp = z.iso.datetime().describe("When the event happened (UTC, ISO-8601). Use it and the ids to order events: delivery order is not promised.");
const member = {
  programId: z.uuid(),
  memberId: z.uuid(),
  memberCode: z.string().describe("The member's short code (as on their card)."),
  customerExternalId: z.string().nullable().describe("Your own customer id, when an order event told Boomerang."),
};

export const rewardDataSchema = z.object({
  rewardId: z.uuid(),
  ...member,
  orderId: z.string().describe("The order (or till receipt, bank transaction) the reward is for."),
  source: z.enum(["webhook", "register", "linked_account", "receipt"]).describe("Where the purchase came from."),
  status: z.enum(["pending", "available", "rejected", "reversed"]),
  previousStatus: z.enum(["pending_review", "held", "pending", "available", "rejected", "reversed", "expired"]).nullable(),
  amount: minor.describe("The reward's amount in minor units at this change."),
  currency,
  availableAt: z.iso.datetime().nullable().describe("When pending cashback becomes available (end of the hold period)."),
  reason: z.string().nullable(),
});

export const redemptionDataSchema = z.object({
  redemptionId: z.string().describe("The redemption's id (rdm_…), as the Redemption API answers it."),
  ...member,
  orderId: z.string(),
  source: z.enum(["api", "register"]),
  status: z.enum(["captured", "canceled", "expired", "partially_refunded", "refunded"]),
  currency,
  amountHeld: minor,
  amountCaptured: minor,
  amountRefunded: minor.describe("Refunded in total so far."),
  refundedNow: minor.describe("Refunded by this event (redemption.refunded); 0 otherwise."),
});

export const memberDataSchema = z.object({
  ...member,
  email: z.email().nullable(),
  joinedAt: z.iso.datetime(),
});

export const testDataSchema = z.object({ endpointId: z.uuid(), message: z.string() });

function envelope<T extends string, D extends z.ZodType>(types: readonly T[], data: D) {
  return z.object({ type: z.enum(types as [T, ...T[]]), timestamp, data });
}

export const rewardEventSchema = envelope(["reward.pending", "reward.available", "reward.rejected", "reward.reversed"], rewardDataSchema);
export const redemptionEventSchema = envelope(["redemption.captured", "redemption.canceled", "redemption.refunded"], redemptionDataSchema);
export const memberEventSchema = envelope(["member.joined"], memberDataSchema);
export const testEventSchema = envelope([TEST_EVENT_TYPE], testDataSchema);

/** Every body Boomerang may send, by type. */
export const EVENT_SCHEMAS: Record<EventType | typeof TEST_EVENT_TYPE, z.ZodType> = {
  "reward.pending": rewardEventSchema,
  "reward.available": rewardEventSchema,
  "reward.rejected": rewardEventSchema,
  "reward.reversed": rewardEventSchema,
  "redemption.captured": redemptionEventSchema,
  "redemption.canceled": redemptionEventSchema,
  "redemption.refunded": redemptionEventSchema,
  "member.joined": memberEventSchema,
  [TEST_EVENT_TYPE]: testEventSchema,
};

export const EVENT_DESCRIPTIONS: Record<EventType | typeof TEST_EVENT_TYPE, string> = {
  "reward.pending": "A reward was issued and waits out the program's hold period (or was approved from review into it).",
  "reward.available": "Cashback became spendable: the hold period ended, or a reviewer approved it with no hold.",
  "reward.rejected": "A reward was rejected in review, or cancelled by a refund inside the hold period.",
  "reward.reversed": "A reward was taken back after the hold period (a refund, reversed by the business).",
  "redemption.captured": "Cashback was spent: a hold was captured (or held and captured at once).",
  "redemption.canceled": "A hold was cancelled, or expired uncaptured (`data.status` says which); the amount went back to the member.",
  "redemption.refunded": "Part or all of a captured redemption was given back to the member.",
  "member.joined": "A customer joined the program (a paid membership: once its first payment went through).",
  [TEST_EVENT_TYPE]: "Sent only by “Send test event” on the dashboard, to that one endpoint.",
};

export const eventTypesSchema = z
  .array(z.enum(EVENT_TYPES, { error: "Unknown event type" }))
  .min(1, "Choose at least one event")
  .transform((types) => [...new Set(types)]);
