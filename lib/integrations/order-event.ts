import { z } from "zod";
import { describeZodError } from "@/lib/validation";

/** The inbound order event contract (docs/integrations/order-events.md): the only event types accepted. */
export const ORDER_EVENT_TYPES = ["order.paid", "order.refunded"] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** Shops pay in real money; points (PTS) are what a program awards, never what an order costs. */
export const ORDER_CURRENCIES = ["EUR", "USD", "GBP", "CAD"] as const;
export type OrderCurrency = (typeof ORDER_CURRENCIES)[number];

export const MAX_ORDER_ID_LENGTH = 200;
export const MAX_ITEMS = 1000;

export const ZERO_PAID_MESSAGE = "must be greater than 0 for order.paid (a payment of nothing earns nothing)";
const AMOUNT_MESSAGE = "must be a whole number of minor units (a non-negative integer, e.g. 4210 for 42.10)";

/** The message for a missing value, or `message` for a present but wrong one. */
const orRequired = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message);

// PostgreSQL text and jsonb refuse NUL; other control characters have no business in ids and SKUs.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A trimmed, non-empty string PostgreSQL can store, at most `max` characters. */
export function textSchema(max: number) {
  return z
    .string({ error: orRequired("must be a string") })
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), "must not contain control characters");
}

/** An amount in minor units: a JSON integer within the safe range, never a float, a string or negative. */
export const minorUnitsSchema = z.unknown().transform((value, ctx): bigint => {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  ctx.addIssue({ code: "custom", message: value === undefined ? "is required" : AMOUNT_MESSAGE });
  return z.NEVER;
});

export const emailSchema = z
  .string({ error: orRequired("must be a string") })
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  // The lenient HTML5 pattern: what a shop's own checkout form accepted.
  .pipe(z.email({ pattern: z.regexes.html5Email, error: "must be an e-mail address" }));

// Timestamps PostgreSQL and the rules engine can both hold without surprises.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export const occurredAtSchema = z
  .string({ error: orRequired("must be an ISO-8601 date-time string") })
  .pipe(z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time with a time zone, e.g. 2026-03-01T12:00:00Z" }))
  .transform((s, ctx) => {
    const at = new Date(s);
    if (Number.isNaN(at.getTime()) || at.getTime() < EARLIEST || at.getTime() >= LATEST) {
      ctx.addIssue({ code: "custom", message: "must be a real date between 2000 and 2100" });
      return z.NEVER;
    }
    return at;
  });

/** null is taken as "not given": many shop platforms send null for empty optional fields. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined).optional();

export const orderCustomerSchema = z
  .object(
    {
      email: optional(emailSchema),
      memberCode: optional(textSchema(64)),
      externalId: optional(textSchema(200)),
    },
    { error: orRequired("must be an object") },
  )
  .refine((c) => c.email !== undefined || c.memberCode !== undefined || c.externalId !== undefined, "must give at least one of email, memberCode or externalId");

const itemSchema = z.object(
  {
    sku: textSchema(100),
    category: optional(textSchema(100)),
    /** The line total (unit price × quantity, after line discounts). */
    amount: minorUnitsSchema,
    quantity: z
      .number({ error: orRequired("must be a whole number of at least 1") })
      .int("must be a whole number of at least 1")
      .min(1, "must be a whole number of at least 1")
      .max(1_000_000, "must be at most 1000000"),
  },
  { error: orRequired("must be an object") },
);

export const orderEventSchema = z.object(
  {
    type: z.enum(ORDER_EVENT_TYPES, { error: orRequired(`must be one of ${ORDER_EVENT_TYPES.join(", ")}`) }),
    data: z.object(
      {
        orderId: textSchema(MAX_ORDER_ID_LENGTH),
        amount: minorUnitsSchema,
        currency: z.enum(ORDER_CURRENCIES, { error: orRequired(`must be one of ${ORDER_CURRENCIES.join(", ")}`) }),
        /** Who bought: required on order.paid; a refund names its order, so it may leave the customer out. */
        customer: optional(orderCustomerSchema),
        items: optional(z.array(itemSchema, { error: "must be an array" }).max(MAX_ITEMS, `must have at most ${MAX_ITEMS} entries`)),
        occurredAt: optional(occurredAtSchema),
      },
      { error: orRequired("must be an object") },
    ),
  },
  { error: "The body must be a JSON object" },
).superRefine((event, ctx) => {
  // A payment of nothing earns nothing: a zero order.paid would only make an empty purchase and a 0 reward.
  if (event.type === "order.paid" && event.data.amount === 0n) {
    ctx.addIssue({ code: "custom", path: ["data", "amount"], message: ZERO_PAID_MESSAGE });
  }
  if (event.type === "order.paid" && event.data.customer === undefined) {
    ctx.addIssue({ code: "custom", path: ["data", "customer"], message: "is required on order.paid" });
  }
});

/** A validated order event: amounts are bigint minor units, occurredAt a Date. */
export type OrderEvent = z.output<typeof orderEventSchema>;

export type ParsedOrderEvent = { ok: true; event: OrderEvent } | { ok: false; message: string; field?: string };

/** Validates an already-parsed JSON value against the contract; the error names the first bad field. */
export function validateOrderEvent(json: unknown): ParsedOrderEvent {
  const result = orderEventSchema.safeParse(json);
  if (result.success) return { ok: true, event: result.data };
  return { ok: false, ...describeZodError(result.error) };
}

/** Parses and validates a raw (already verified) body. */
export function parseOrderEvent(body: string): ParsedOrderEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, message: "The body is not valid JSON" };
  }
  return validateOrderEvent(json);
}

/** The fewest digits of an integer literal that is kept as a string (2^53 has 16 digits). */
const LONG_INTEGER_DIGITS = 16;

const isDigit = (code: number) => code >= 48 && code <= 57; // 0-9

/**
 * `text` with every integer literal of 16 or more digits outside JSON strings wrapped in quotes, in one
 * left-to-right pass: each character is looked at a bounded number of times, so the work is linear in the
 * length whatever the input (the regex it replaces backtracked quadratically on a body of escaped quotes).
 * Numbers with a fraction or an exponent are left as they are; malformed JSON is left for JSON.parse to
 * refuse. `meter.steps` counts the characters visited (tests bound the work with it, not with a clock).
 */
export function quoteLongIntegers(text: string, meter?: { steps: number }): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  const n = text.length;
  let steps = 0;
  while (i < n) {
    steps++;
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      // Skip the whole string; a backslash escapes the next character. Unterminated: runs to the end.
      i++;
      while (i < n) {
        steps++;
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i += 2;
        else if (c === 34) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (code === 45 /* - */ || isDigit(code)) {
      const start = i;
      if (code === 45) i++;
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) {
        steps++;
        i++;
      }
      const digits = i - digitsStart;
      // A fraction, an exponent or any letter or dot glued to it: not a plain integer, leave it whole.
      let plain = digits > 0;
      while (i < n && /[\w.+-]/.test(text[i]!)) {
        steps++;
        plain = false;
        i++;
      }
      const previous = start > 0 ? text[start - 1]! : "";
      if (plain && digits >= LONG_INTEGER_DIGITS && !/[\w.+-]/.test(previous)) {
        parts.push(text.slice(copiedUpTo, start), '"', text.slice(start, i), '"');
        copiedUpTo = i;
      }
      continue;
    }
    i++;
  }
  if (meter) meter.steps += steps;
  if (copiedUpTo === 0) return text;
  parts.push(text.slice(copiedUpTo));
  return parts.join("");
}

/**
 * JSON.parse, except that integers of 16 digits or more become strings: Shopify ids are 64-bit, and
 * JSON.parse would silently round those above 2^53 — and a refund would then find the wrong order.
 * Throws a SyntaxError for malformed JSON. Linear in the body's length (see quoteLongIntegers).
 */
export function parseJsonKeepingLongIntegers(body: string): unknown {
  return JSON.parse(quoteLongIntegers(body));
}
