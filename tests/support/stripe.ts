import { randomUUID } from "node:crypto";
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { NextRequest } from "next/server";
import Stripe from "stripe";
import { POST } from "@/app/api/webhooks/stripe/route";
import { createStripeSandbox, SANDBOX_DEMO_ACCOUNT_ID, type StripeSandboxApi } from "@/dev/sandbox/stripe/sandbox";

/**
 * Stripe for tests: the real SDK makes its real HTTP calls to api.stripe.com and msw hands them to the same
 * sandbox the dev server runs (dev/sandbox/stripe), in memory and without webhooks (tests deliver their own
 * events). Anything not handled fails the test. Tests read `requests` to assert what was sent.
 */
export const API = "https://api.stripe.com/v1";
export const WEBHOOK_SECRET = "whsec_test_boomerang_vitest";

type Obj = Record<string, unknown>;
export type FakeStripe = StripeSandboxApi;

const id = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
const now = () => Math.floor(Date.now() / 1000);

export function fakeStripe(): { fake: FakeStripe; server: ReturnType<typeof setupServer> } {
  const fake = createStripeSandbox();
  return { fake, server: setupServer(http.all("https://api.stripe.com/*", ({ request }) => fake.handle(request))) };
}

/**
 * The fake Stripe for a whole test file: listening (unhandled requests fail), the SDK configured for it, and
 * per-test handlers and recorded requests reset after each test.
 */
export function withFakeStripe(): ReturnType<typeof fakeStripe> {
  const stripe = fakeStripe();
  active = stripe.fake;
  beforeAll(() => stripe.server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => stripe.server.close());
  beforeEach(() => {
    process.env.STRIPE_SECRET_KEY = "sk_test_boomerang_msw";
    process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
    process.env.APP_URL = "https://boomerang.example";
  });
  afterEach(() => {
    stripe.server.resetHandlers();
    stripe.fake.requests.length = 0;
  });
  return stripe;
}

let active: FakeStripe | null = null;

/** The test file's fake Stripe (withFakeStripe), for helpers that need objects in it. */
export function activeFakeStripe(): FakeStripe {
  if (!active) throw new Error("this helper needs withFakeStripe() in the test file");
  return active;
}

/** A connected Express account already onboarded (can accept charges), in the fake Stripe; returns its id. */
export function anOnboardedAccount(fake: FakeStripe = activeFakeStripe()): string {
  const accountId = id("acct");
  fake.accounts.set(accountId, { ...structuredClone(fake.accounts.get(SANDBOX_DEMO_ACCOUNT_ID)!), id: accountId });
  return accountId;
}

/** A subscription object as Stripe returns it (the fields Boomerang reads). */
export function aSubscription(fake: FakeStripe, input: { customer: string; memberId: string; status: string }): Obj {
  const sub = {
    id: id("sub"),
    object: "subscription",
    customer: input.customer,
    status: input.status,
    cancel_at_period_end: false,
    metadata: { memberId: input.memberId },
    items: { object: "list", has_more: false, data: [{ id: id("si"), object: "subscription_item", current_period_start: now(), current_period_end: now() + 30 * 86_400 }] },
    livemode: false,
  };
  fake.subscriptions.set(sub.id, sub);
  return sub;
}

export function anEvent(type: string, object: Obj, eventId = id("evt")) {
  return { id: eventId, object: "event", api_version: Stripe.API_VERSION, created: now(), type, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } };
}

/** Posts an event to the real route handler, signed as Stripe signs (or not, as told). */
export async function deliver(
  event: object | string,
  opts: { secret?: string; timestamp?: number; signedPayload?: string; signature?: string | null } = {},
): Promise<{ status: number; body: string; json: Obj | null }> {
  const payload = typeof event === "string" ? event : JSON.stringify(event);
  const signature =
    opts.signature !== undefined
      ? opts.signature
      : Stripe.webhooks.generateTestHeaderString({ payload: opts.signedPayload ?? payload, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp });
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": "192.0.2.10" });
  if (signature !== null) headers.set("stripe-signature", signature);
  const res = await POST(new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", body: payload, headers }), { params: Promise.resolve({}) });
  const body = await res.text();
  let json: Obj | null = null;
  try {
    json = JSON.parse(body) as Obj;
  } catch {
    json = null;
  }
  return { status: res.status, body, json };
}
