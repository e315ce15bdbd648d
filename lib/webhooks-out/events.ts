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
  "reward.rejected": "A reward was rejected in review.",
  "reward.reversed": "A reward was taken back: its order was refunded (inside the hold period the pending cashback is cancelled; after it, the business reverses it).",
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

const exampleMember = { programId: "0f9d6b1e-3c1a-4d7e-9a55-2b1c0f6f8a10", memberId: "5b2e8c44-7d1f-4b0a-8f3e-6a9d2c1b7e55", memberCode: "K7QF-2M9X", customerExternalId: "cus_1042" };

/** One example body per type (published in the OpenAPI document, checked against the schemas by a test). */
export const EVENT_EXAMPLES: Record<EventType | typeof TEST_EVENT_TYPE, unknown> = {
  "reward.pending": {
    type: "reward.pending",
    timestamp: "2026-12-08T09:30:12.345Z",
    data: { rewardId: "9a1c3e5f-2b4d-4f6a-8c0e-1d3f5a7b9c2e", ...exampleMember, orderId: "1042", source: "webhook", status: "pending", previousStatus: null, amount: 421, currency: "EUR", availableAt: "2026-12-22T09:30:12.345Z", reason: null },
  },
  "reward.available": {
    type: "reward.available",
    timestamp: "2026-12-22T09:31:00.000Z",
    data: { rewardId: "9a1c3e5f-2b4d-4f6a-8c0e-1d3f5a7b9c2e", ...exampleMember, orderId: "1042", source: "webhook", status: "available", previousStatus: "pending", amount: 421, currency: "EUR", availableAt: "2026-12-22T09:30:12.345Z", reason: "hold period ended" },
  },
  "reward.rejected": {
    type: "reward.rejected",
    timestamp: "2026-12-09T10:00:00.000Z",
    data: { rewardId: "9a1c3e5f-2b4d-4f6a-8c0e-1d3f5a7b9c2e", ...exampleMember, orderId: "1042", source: "webhook", status: "rejected", previousStatus: "pending_review", amount: 421, currency: "EUR", availableAt: null, reason: "not a real order" },
  },
  "reward.reversed": {
    type: "reward.reversed",
    timestamp: "2027-01-10T10:00:00.000Z",
    data: { rewardId: "9a1c3e5f-2b4d-4f6a-8c0e-1d3f5a7b9c2e", ...exampleMember, orderId: "1042", source: "webhook", status: "reversed", previousStatus: "available", amount: 421, currency: "EUR", availableAt: "2026-12-22T09:30:12.345Z", reason: "refund after the hold period" },
  },
  "redemption.captured": {
    type: "redemption.captured",
    timestamp: "2026-12-23T15:02:00.000Z",
    data: { redemptionId: "rdm_3Jx8Qe7Lw2", ...exampleMember, orderId: "1077", source: "api", status: "captured", currency: "EUR", amountHeld: 500, amountCaptured: 500, amountRefunded: 0, refundedNow: 0 },
  },
  "redemption.canceled": {
    type: "redemption.canceled",
    timestamp: "2026-12-23T15:30:00.000Z",
    data: { redemptionId: "rdm_8Pq2Zt5Rn4", ...exampleMember, orderId: "1078", source: "api", status: "expired", currency: "EUR", amountHeld: 300, amountCaptured: 0, amountRefunded: 0, refundedNow: 0 },
  },
  "redemption.refunded": {
    type: "redemption.refunded",
    timestamp: "2026-12-27T11:00:00.000Z",
    data: { redemptionId: "rdm_3Jx8Qe7Lw2", ...exampleMember, orderId: "1077", source: "api", status: "partially_refunded", currency: "EUR", amountHeld: 500, amountCaptured: 500, amountRefunded: 200, refundedNow: 200 },
  },
  "member.joined": {
    type: "member.joined",
    timestamp: "2026-12-08T09:00:00.000Z",
    data: { ...exampleMember, email: "mia@example.com", joinedAt: "2026-12-08T09:00:00.000Z" },
  },
  [TEST_EVENT_TYPE]: {
    type: TEST_EVENT_TYPE,
    timestamp: "2026-12-08T09:00:00.000Z",
    data: { endpointId: "2d6f0a8e-4b1c-4e3a-9f7d-8c5b3a1e0f24", message: "A test event from Boomerang: your endpoint is reachable and can verify our signature." },
  },
};
