import { createHmac, randomUUID } from "node:crypto";
import fc from "fast-check";
import { setupServer } from "msw/node";
import { NextRequest } from "next/server";
import Stripe from "stripe";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as balance from "@/app/api/v1/programs/[programId]/balance/route";
import * as events from "@/app/api/v1/programs/[programId]/events/route";
import * as cancel from "@/app/api/v1/programs/[programId]/redemptions/[redemptionId]/cancel/route";
import * as capture from "@/app/api/v1/programs/[programId]/redemptions/[redemptionId]/capture/route";
import * as refunds from "@/app/api/v1/programs/[programId]/redemptions/[redemptionId]/refunds/route";
import * as one from "@/app/api/v1/programs/[programId]/redemptions/[redemptionId]/route";
import * as redemptions from "@/app/api/v1/programs/[programId]/redemptions/route";
import * as shopify from "@/app/api/v1/programs/[programId]/shopify/route";
import * as woocommerce from "@/app/api/v1/programs/[programId]/woocommerce/route";
import * as plaidWebhook from "@/app/api/webhooks/plaid/route";
import * as stripeWebhook from "@/app/api/webhooks/stripe/route";
import { db } from "@/lib/db/client";
import { clearWebhookKeyCache } from "@/lib/plaid/verify-webhook";
import { fakePlaid, PLAID_TEST_URL } from "@/tests/support/plaid";
import { aMember, aShop, moneyState } from "@/tests/support/programs";
import { aFundedMember, aSpendingProgram } from "@/tests/support/redemption-api";
import { fakeStripe, WEBHOOK_SECRET } from "@/tests/support/stripe";

// Generated hostile bodies, headers, query strings and path parameters at every public endpoint that needs no
// session, calling the route handlers directly. Whatever arrives: never a 5xx, and a refused request (4xx)
// changes no purchase, reward, ledger row or replay key. Runs are few, so the file stays well under a minute.

process.env.PLAID_SANDBOX_URL = PLAID_TEST_URL;
delete process.env.PLAID_CLIENT_ID;
delete process.env.PLAID_SECRET;
process.env.STRIPE_SECRET_KEY = "sk_test_boomerang_msw";
process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;

const plaid = fakePlaid();
const stripe = fakeStripe();
// One interceptor for both SDKs.
const server = setupServer(...stripe.server.listHandlers(), ...plaid.server.listHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const RUNS = 25;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Sent = { method: string; path: string; query: string; headers: Record<string, string>; body: string | undefined; params: Record<string, string> };

// ─── What an attacker sends ─────────────────────────────────────────────────────────────────────────

/** Header values a Headers object accepts: printable Latin-1 without line breaks. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(..." !\"#$%&'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~\t\u00e9\u00ff".split("")), maxLength: 60 }),
  fc.constantFrom("", "0", "-1", "99999999999999999999", "application/json", "text/plain", "Bearer ", "Bearer bk_test_x", "v1,AAAA", "t=1,v1=00", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30.AA"),
);

const HOSTILE_BODIES = [
  '\\"'.repeat(5000),
  "[".repeat(5000),
  '{"a":'.repeat(2000),
  "1".repeat(5000),
  "\u0000\u0001\u0002",
  '{"type":"order.paid","data":{"orderId":"\\u0000","amount":1e400,"currency":"EUR","customer":{"email":"a@b"}}}',
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
  '{"type":"order.paid","data":{"orderId":"o","amount":0,"currency":"EUR","customer":{"email":"a@example.com"}}}',
  '{"amount":-1,"currency":"EUR","customer":{"email":"a@example.com"},"orderId":"o"}',
  '{"amount":9007199254740993,"currency":"PTS","customer":{"memberCode":"x"},"orderId":"o","capture":true}',
  "null",
  "",
];

/** A valid-looking body with one field swapped for something generated, so the validators get past the shape. */
const mutated = fc
  .tuple(
    fc.constantFrom<Record<string, unknown>>(
      { type: "order.paid", data: { orderId: "o-1", amount: 4210, currency: "EUR", customer: { email: "fuzz@example.com" } } },
      { id: 123, status: "processing", currency: "EUR", total: "10.00", billing: { email: "fuzz@example.com" } },
      { customer: { email: "fuzz@example.com" }, amount: 100, currency: "EUR", orderId: "o-2" },
      { amount: 100 },
    ),
    fc.constantFrom("type", "data", "orderId", "amount", "currency", "customer", "status", "total", "id", "capture", "expiresInSeconds"),
    fc.jsonValue({ maxDepth: 3 }),
  )
  .map(([base, key, value]) => JSON.stringify({ ...base, [key]: value }));

const body = fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 }), fc.constantFrom(...HOSTILE_BODIES), mutated);
const pathParam = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constantFrom("", "..", "%00", "00000000-0000-0000-0000-000000000000", "a/b"));
const query = fc.oneof(
  fc.constant(""),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 4 }).map((q) => `?${new URLSearchParams(q).toString()}`),
  fc.constantFrom("?email=%00", "?email=a@example.com&email=b@example.com", "?memberCode=" + "x".repeat(300), "?%=%", "?customer[email]=x"),
);
const HEADER_NAMES = [
  "content-type",
  "content-length",
  "authorization",
  "idempotency-key",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "x-shopify-topic",
  "x-shopify-hmac-sha256",
  "x-shopify-webhook-id",
  "x-wc-webhook-topic",
  "x-wc-webhook-signature",
  "x-wc-webhook-delivery-id",
  "stripe-signature",
  "plaid-verification",
  "x-forwarded-for",
  "origin",
  "cookie",
];
const headers = fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 6 });

// ─── Sending and checking ───────────────────────────────────────────────────────────────────────────

async function deliver(handler: Handler, sent: Sent): Promise<Response> {
  const init: ConstructorParameters<typeof NextRequest>[1] = { method: sent.method, headers: sent.headers };
  if (sent.method !== "GET" && sent.body !== undefined) init.body = sent.body;
  const url = `http://boomerang.test${sent.path}${sent.query}`;
  return handler(new NextRequest(url, init), { params: Promise.resolve(sent.params) });
}

/** Never a 5xx; a refusal leaves every purchase, reward, ledger row and replay key as it was. */
async function check(handler: Handler, sent: Sent): Promise<void> {
  const before = await moneyState();
  const res = await deliver(handler, sent);
  const text = await res.text();
  expect({ status: res.status, sent, text: text.slice(0, 300) }).toEqual({ status: expect.toSatisfy((s: number) => s >= 200 && s < 500), sent, text: text.slice(0, 300) });
  if (res.status >= 400) {
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await moneyState()).toEqual(before);
  }
}

const cleanHeaders = (h: Record<string, string>) => {
  // content-length must describe the body the Request carries; a lying one is the body cap's business (lib/http).
  const { "content-length": _ignored, ...rest } = h;
  return { "x-forwarded-for": "192.0.2.250", ...rest };
};

describe("fuzz: public endpoints that need no session", () => {
  it("order events (Standard Webhooks, Shopify, WooCommerce): never 5xx, a refusal changes nothing — even when the hostile body is correctly signed", async () => {
    const shop = await aShop();
    await aMember(shop.programId, "fuzz@example.com");
    const targets: [string, Handler][] = [
      ["events", events.POST as Handler],
      ["shopify", shopify.POST as Handler],
      ["woocommerce", woocommerce.POST as Handler],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, headers, query, fc.oneof(fc.constant(shop.programId), pathParam), fc.boolean(), async ([name, handler], b, h, q, programId, signed) => {
        const extra: Record<string, string> = {};
        if (signed) {
          const id = `msg_${randomUUID()}`;
          const at = new Date();
          if (name === "events") Object.assign(extra, { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(shop.secret).sign(id, at, b) });
          if (name === "shopify") Object.assign(extra, { "x-shopify-topic": "orders/paid", "x-shopify-webhook-id": id, "x-shopify-hmac-sha256": createHmac("sha256", shop.shopifySecret).update(b).digest("base64") });
          if (name === "woocommerce") Object.assign(extra, { "x-wc-webhook-topic": "order.updated", "x-wc-webhook-delivery-id": id, "x-wc-webhook-signature": createHmac("sha256", shop.wooSecret).update(b).digest("base64") });
        }
        await check(handler, { method: "POST", path: `/api/v1/programs/${encodeURIComponent(programId)}/${name}`, query: q, headers: { ...cleanHeaders(h), ...extra }, body: b, params: { programId } });
      }),
      { numRuns: 3 * RUNS },
    );
  });

  it("the Redemption API: never 5xx, a refusal changes nothing — with no key, a wrong key or the program's real key", async () => {
    const spending = await aSpendingProgram();
    await aFundedMember(spending.programId, 5000n);
    const targets: [string, string, Handler, boolean][] = [
      ["GET", "balance", balance.GET as Handler, false],
      ["POST", "redemptions", redemptions.POST as Handler, false],
      ["GET", "redemptions/:id", one.GET as Handler, true],
      ["POST", "redemptions/:id/capture", capture.POST as Handler, true],
      ["POST", "redemptions/:id/cancel", cancel.POST as Handler, true],
      ["POST", "redemptions/:id/refunds", refunds.POST as Handler, true],
    ];
    const auth = fc.oneof(fc.constant(`Bearer ${spending.key}`), fc.constant(undefined), headerValue);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, headers, query, auth, fc.oneof(fc.constant(spending.programId), pathParam), pathParam, async ([method, path, handler, withId], b, h, q, authorization, programId, redemptionId) => {
        const params: Record<string, string> = withId ? { programId, redemptionId } : { programId };
        const all = { ...cleanHeaders(h), ...(authorization === undefined ? {} : { authorization }), "idempotency-key": h["idempotency-key"] ?? randomUUID() };
        const shown = path.replace(":id", encodeURIComponent(redemptionId));
        await check(handler, { method, path: `/api/v1/programs/${encodeURIComponent(programId)}/${shown}`, query: q, headers: all, body: b, params });
      }),
      { numRuns: 3 * RUNS },
    );
  });

  it("the Stripe and Plaid webhooks: never 5xx, a refusal changes nothing — Stripe bodies also correctly signed", async () => {
    clearWebhookKeyCache();
    const stripeSdk = new Stripe("sk_test_boomerang_msw");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("stripe", "plaid"), body, headers, query, fc.boolean(), async (target, b, h, q, signed) => {
        const extra: Record<string, string> = {};
        if (target === "stripe" && signed) extra["stripe-signature"] = stripeSdk.webhooks.generateTestHeaderString({ payload: b, secret: WEBHOOK_SECRET });
        if (target === "plaid" && signed) extra["plaid-verification"] = await plaid.sign(b, { kid: randomUUID() });
        const handler = (target === "stripe" ? stripeWebhook.POST : plaidWebhook.POST) as Handler;
        await check(handler, { method: "POST", path: `/api/webhooks/${target}`, query: q, headers: { ...cleanHeaders(h), ...extra }, body: b, params: {} });
      }),
      { numRuns: 2 * RUNS },
    );
  });

  it("a correctly signed Stripe body that is not an event (found by this fuzz: \"null\" was a 500) is a 400 naming the problem", async () => {
    const stripeSdk = new Stripe("sk_test_boomerang_msw");
    for (const b of ["null", "{}", "[]", '{"id":"evt_1","type":"constructor","data":{"object":{}}}', '{"id":"evt_2","type":"checkout.session.completed"}']) {
      const res = await deliver(stripeWebhook.POST as Handler, {
        method: "POST",
        path: "/api/webhooks/stripe",
        query: "",
        headers: { "x-forwarded-for": "192.0.2.251", "stripe-signature": stripeSdk.webhooks.generateTestHeaderString({ payload: b, secret: WEBHOOK_SECRET }) },
        body: b,
        params: {},
      });
      const status = res.status;
      const text = await res.text();
      // "constructor" is no handler of ours (not Object.prototype's): ignored with 200.
      expect({ b, status }).toEqual({ b, status: b.includes("constructor") ? 200 : 400 });
      if (status === 400) expect(text).toMatch(/must be a Stripe event/);
    }
  });

  it("/api/health and /api/v1/openapi.json: never 5xx whatever the query string and headers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(["/api/health", health.GET as Handler] as const, ["/api/v1/openapi.json", openapi.GET as Handler] as const), headers, query, async ([path, handler], h, q) => {
        const res = await deliver(handler, { method: "GET", path, query: q, headers: cleanHeaders(h), body: undefined, params: {} });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }),
      { numRuns: RUNS },
    );
    // Still answering after everything above.
    expect((await health.GET(new NextRequest("http://boomerang.test/api/health"), { params: Promise.resolve({}) })).status).toBe(200);
    expect(await db.$queryRaw`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
  });
});
