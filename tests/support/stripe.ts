import { randomUUID } from "node:crypto";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { NextRequest } from "next/server";
import Stripe from "stripe";
import { POST } from "@/app/api/webhooks/stripe/route";
import { decodeForm, type FormObject } from "@/dev/sandbox/stripe/form";

/**
 * A tiny in-memory Stripe behind msw: the real SDK makes its real HTTP calls to api.stripe.com and msw answers
 * them (anything not handled fails the test). Tests read `requests` to assert what was sent.
 */
export const API = "https://api.stripe.com/v1";
export const WEBHOOK_SECRET = "whsec_test_boomerang_vitest";

type Obj = Record<string, unknown>;
export type FakeStripe = {
  customers: Map<string, Obj>;
  sessions: Map<string, Obj>;
  subscriptions: Map<string, Obj>;
  invoices: Map<string, Obj>;
  invoiceItems: Map<string, Obj>;
  requests: { method: string; path: string; body: FormObject; idempotencyKey: string | null }[];
};

const id = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
const now = () => Math.floor(Date.now() / 1000);
const notFound = (what: string) => HttpResponse.json({ error: { type: "invalid_request_error", message: `No such ${what}` } }, { status: 404 });

export function fakeStripe(): { fake: FakeStripe; server: ReturnType<typeof setupServer> } {
  const fake: FakeStripe = { customers: new Map(), sessions: new Map(), subscriptions: new Map(), invoices: new Map(), invoiceItems: new Map(), requests: [] };
  const record = async (request: Request) => {
    const url = new URL(request.url);
    const body = decodeForm(request.method === "GET" ? url.search.slice(1) : await request.text());
    fake.requests.push({ method: request.method, path: url.pathname, body, idempotencyKey: request.headers.get("idempotency-key") });
    return body;
  };
  const server = setupServer(
    http.post(`${API}/customers`, async ({ request }) => {
      const body = await record(request);
      const customer = { id: id("cus"), object: "customer", email: body.email ?? null, metadata: body.metadata ?? {}, livemode: false };
      fake.customers.set(customer.id, customer);
      return HttpResponse.json(customer);
    }),
    http.post(`${API}/checkout/sessions`, async ({ request }) => {
      const body = await record(request);
      const sessionId = id("cs_test");
      const session = { id: sessionId, object: "checkout.session", mode: body.mode, status: "open", payment_status: "unpaid", customer: body.customer, client_reference_id: body.client_reference_id, subscription: null, metadata: body.metadata ?? {}, url: `https://checkout.stripe.com/c/pay/${sessionId}`, livemode: false };
      fake.sessions.set(sessionId, session);
      return HttpResponse.json(session);
    }),
    http.get(`${API}/checkout/sessions/:id`, async ({ request, params }) => {
      await record(request);
      const session = fake.sessions.get(String(params.id));
      return session ? HttpResponse.json(session) : notFound("checkout.session");
    }),
    http.get(`${API}/subscriptions/:id`, async ({ request, params }) => {
      await record(request);
      const sub = fake.subscriptions.get(String(params.id));
      return sub ? HttpResponse.json(sub) : notFound("subscription");
    }),
    http.delete(`${API}/subscriptions/:id`, async ({ request, params }) => {
      await record(request);
      const sub = fake.subscriptions.get(String(params.id));
      if (!sub) return notFound("subscription");
      if (sub.status === "canceled") return HttpResponse.json({ error: { type: "invalid_request_error", message: "This subscription has already been canceled." } }, { status: 400 });
      Object.assign(sub, { status: "canceled", canceled_at: now(), ended_at: now() });
      return HttpResponse.json(sub);
    }),
    http.post(`${API}/invoices`, async ({ request }) => {
      const body = await record(request);
      const invoice = { id: id("in"), object: "invoice", customer: body.customer, currency: body.currency, status: "draft", amount_due: 0, metadata: body.metadata ?? {}, hosted_invoice_url: null, parent: null, livemode: false };
      fake.invoices.set(invoice.id, invoice);
      return HttpResponse.json(invoice);
    }),
    http.post(`${API}/invoiceitems`, async ({ request }) => {
      const body = await record(request);
      const item = { id: id("ii"), object: "invoiceitem", customer: body.customer, amount: Number(body.amount), currency: body.currency, invoice: body.invoice ?? null, description: body.description ?? null, metadata: body.metadata ?? {} };
      fake.invoiceItems.set(item.id, item);
      const invoice = typeof body.invoice === "string" ? fake.invoices.get(body.invoice) : undefined;
      if (invoice) invoice.amount_due = Number(invoice.amount_due) + item.amount;
      return HttpResponse.json(item);
    }),
    http.post(`${API}/invoices/:id/finalize`, async ({ request, params }) => {
      await record(request);
      const invoice = fake.invoices.get(String(params.id));
      if (!invoice) return notFound("invoice");
      Object.assign(invoice, { status: "open", hosted_invoice_url: `https://invoice.stripe.com/i/${String(params.id)}` });
      return HttpResponse.json(invoice);
    }),
    http.post(`${API}/invoices/:id/send`, async ({ request, params }) => {
      await record(request);
      const invoice = fake.invoices.get(String(params.id));
      if (!invoice) return notFound("invoice");
      if (invoice.status !== "open") return HttpResponse.json({ error: { type: "invalid_request_error", message: `Invoice is ${String(invoice.status)}` } }, { status: 400 });
      return HttpResponse.json(invoice);
    }),
    http.get(`${API}/invoices/:id`, async ({ request, params }) => {
      await record(request);
      const invoice = fake.invoices.get(String(params.id));
      return invoice ? HttpResponse.json(invoice) : notFound("invoice");
    }),
  );
  return { fake, server };
}

/**
 * The fake Stripe for a whole test file: listening (unhandled requests fail), the SDK configured for it, and
 * per-test handlers and recorded requests reset after each test.
 */
export function withFakeStripe(): ReturnType<typeof fakeStripe> {
  const stripe = fakeStripe();
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
