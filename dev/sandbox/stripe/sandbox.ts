import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { activeMonth, payoutFeeMinor, STRIPE_ACTIVE_ACCOUNT_FEE_MINOR, type PayoutCurrency } from "@/lib/withdrawals/payout-pricing";
import { bool, decodeForm, int, list, metadata, obj, str, type FormObject } from "./form";

const isPayoutCurrency = (c: string): c is PayoutCurrency => c === "EUR" || c === "USD" || c === "GBP" || c === "CAD";

/**
 * A stand-in for the parts of Stripe's REST API that Boomerang uses, as one function from Request to Response:
 * form-encoded requests, JSON objects in Stripe's shapes and id prefixes, error envelopes, idempotency keys, a
 * hosted Checkout page and hosted invoice page, and webhooks signed exactly as Stripe signs them. The dev server
 * (./server.ts) serves it over HTTP; the tests' msw handlers answer api.stripe.com with it.
 */

type Obj = Record<string, unknown>;
type Store = Map<string, Obj>;
type State = {
  customers: Store;
  sessions: Store;
  subscriptions: Store;
  invoices: Store;
  invoiceItems: Store;
  transfers: Store;
  payouts: Store;
  accounts: Store;
  accountLinks: Store;
  charges: Store;
  applicationFees: Store;
  disputes: Store;
  /** The platform's balance transactions for money out: transfers, their reversals, Connect's payout fees. */
  balanceTransactions: Store;
  transferReversals: Store;
  events: { id: string; type: string; delivered: boolean; attempts: number; lastError?: string }[];
  idempotency: Record<string, { status: number; body: string }>;
};
const STORES = ["customers", "sessions", "subscriptions", "invoices", "invoiceItems", "transfers", "payouts", "accounts", "accountLinks", "charges", "applicationFees", "disputes", "balanceTransactions", "transferReversals"] as const;

/** One API request as it arrived, for tests to assert on. */
export type StripeRequest = { method: string; path: string; body: FormObject; idempotencyKey: string | null; stripeAccount: string | null };

export type StripeSandboxOptions = {
  /** Where events are delivered, signed with `secret`; absent: events are only recorded (tests deliver their own). */
  webhook?: { url: string; secret: string };
  /** Where the hosted pages are served; absent: Stripe's own hosts in the URLs handed out. */
  publicUrl?: string;
  /** JSON file the objects are kept in; absent: memory only. */
  stateFile?: string;
  log?: (msg: string) => void;
};

export type StripeSandboxApi = Pick<State, (typeof STORES)[number]> & {
  handle(request: Request): Promise<Response>;
  /** What Stripe does 24 hours after a request: it forgets the idempotency keys (a retry then makes a new object). */
  forgetIdempotencyKeys(): void;
  /** Every /v1 request handled, in order (tests empty it between tests). */
  requests: StripeRequest[];
  /** Settles once every queued webhook was delivered (or given up on), then saves. */
  flush(): Promise<void>;
};

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

function addInterval(from: number, interval: string): number {
  const d = new Date(from * 1000);
  if (interval === "year") d.setUTCFullYear(d.getUTCFullYear() + 1);
  else if (interval === "week") d.setUTCDate(d.getUTCDate() + 7);
  else if (interval === "day") d.setUTCDate(d.getUTCDate() + 1);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return Math.floor(d.getTime() / 1000);
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>
body{font-family:system-ui,sans-serif;background:#f6f9fc;color:#1a1f36;margin:0;padding:24px}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0001;padding:24px}
h1{font-size:1.25rem;margin:0 0 4px}.muted{color:#697386;font-size:.9rem}.amount{font-size:2rem;font-weight:700;margin:16px 0}
button{width:100%;padding:12px;border-radius:8px;border:0;font-size:1rem;font-weight:600;margin-top:10px;cursor:pointer}
.pay{background:#635bff;color:#fff}.decline{background:#fff;color:#c0123c;border:1px solid #c0123c}
.banner{background:#fff8e1;border:1px solid #f5d37a;border-radius:8px;padding:8px 12px;font-size:.85rem;margin-bottom:16px}
table{width:100%;border-collapse:collapse;font-size:.85rem}td,th{text-align:left;padding:4px;border-bottom:1px solid #eee}
</style></head><body><main><div class="banner">Boomerang's local Stripe sandbox: no real money moves.</div>${body}</main></body></html>`;
}

/** A percentage as Stripe takes it ("10", "2.5", at most two decimals) in hundredths of a percent (bps); -1 if malformed. */
function percentHundredths(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!match) return -1;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return hundredths <= 10_000 ? hundredths : -1;
}

function formatAmount(minor: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: currency.toUpperCase() }).format(minor / 100);
}

/**
 * A connected Express account every sandbox starts with, already onboarded: the demo data's paid program
 * (scripts/seed.ts) and tests that need a business able to accept charges use it without onboarding first.
 */
export const SANDBOX_DEMO_ACCOUNT_ID = "acct_sandboxDemoBusiness";

function demoAccount(): Obj {
  return {
    id: SANDBOX_DEMO_ACCOUNT_ID,
    object: "account",
    type: "express",
    country: "IE",
    email: null,
    business_profile: { name: "Demo business" },
    capabilities: { card_payments: "active", transfers: "active" },
    charges_enabled: true,
    payouts_enabled: true,
    details_submitted: true,
    requirements: { currently_due: [], disabled_reason: null },
    metadata: {},
    created: 1_764_547_200,
    livemode: false,
  };
}

function loadState(file: string | undefined, log: (msg: string) => void): State {
  const state: State = { customers: new Map(), sessions: new Map(), subscriptions: new Map(), invoices: new Map(), invoiceItems: new Map(), transfers: new Map(), payouts: new Map(), accounts: new Map(), accountLinks: new Map(), charges: new Map(), applicationFees: new Map(), disputes: new Map(), balanceTransactions: new Map(), transferReversals: new Map(), events: [], idempotency: {} };
  state.accounts.set(SANDBOX_DEMO_ACCOUNT_ID, demoAccount());
  if (!file || !existsSync(file)) return state;
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<Record<(typeof STORES)[number], Record<string, Obj>>> & Pick<Partial<State>, "events" | "idempotency">;
    for (const store of STORES) state[store] = new Map(Object.entries(saved[store] ?? {}));
    if (!state.accounts.has(SANDBOX_DEMO_ACCOUNT_ID)) state.accounts.set(SANDBOX_DEMO_ACCOUNT_ID, demoAccount());
    state.events = saved.events ?? [];
    state.idempotency = saved.idempotency ?? {};
  } catch {
    log(`stripe sandbox: could not read ${file}; starting empty`);
  }
  return state;
}

const serialize = (state: State) => ({ ...state, ...Object.fromEntries(STORES.map((store) => [store, Object.fromEntries(state[store])])) });

export function createStripeSandbox(opts: StripeSandboxOptions = {}): StripeSandboxApi {
  const log = opts.log ?? (() => {});
  const state = loadState(opts.stateFile, log);
  const save = () => {
    if (!opts.stateFile) return;
    mkdirSync(path.dirname(opts.stateFile), { recursive: true });
    const tmp = `${opts.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(serialize(state)));
    renameSync(tmp, opts.stateFile);
  };
  const requests: StripeRequest[] = [];

  // ─── Webhooks ──────────────────────────────────────────────────────────────────────────────────────
  const payloads = new Map<string, string>();
  let queue: Promise<void> = Promise.resolve();

  async function deliver(eventId: string): Promise<void> {
    const record = state.events.find((e) => e.id === eventId);
    const payload = payloads.get(eventId);
    if (!record || !payload || record.delivered || !opts.webhook) return;
    const { url, secret } = opts.webhook;
    for (let attempt = 0; attempt < 6 && !record.delivered; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      record.attempts++;
      try {
        const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
        const res = await fetch(url, { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": signature } });
        if (res.ok) record.delivered = true;
        else record.lastError = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
      } catch (error) {
        record.lastError = error instanceof Error ? error.message : String(error);
      }
    }
    if (!record.delivered) log(`stripe sandbox: could not deliver ${record.type} ${eventId} to ${url}: ${record.lastError}`);
    save();
  }

  /** Records an event and queues its delivery in order; the promise settles once it was delivered (or gave up). */
  function emit(type: string, object: Obj, account?: string): Promise<void> {
    const id = newId("evt");
    const event = { id, object: "event", api_version: Stripe.API_VERSION, created: now(), type, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object: structuredClone(object) }, ...(account ? { account } : {}) };
    payloads.set(id, JSON.stringify(event));
    state.events.push({ id, type, delivered: false, attempts: 0 });
    if (state.events.length > 500) state.events.splice(0, state.events.length - 500);
    if (!opts.webhook) return Promise.resolve();
    queue = queue.then(() => deliver(id));
    return queue;
  }

  // ─── Objects ───────────────────────────────────────────────────────────────────────────────────────
  function find(kind: keyof Pick<State, "customers" | "sessions" | "subscriptions" | "invoices" | "transfers" | "payouts" | "accounts" | "charges" | "applicationFees" | "disputes">, id: string, what: string): Obj {
    const found = state[kind].get(id);
    if (!found) throw new ApiError(404, "invalid_request_error", `No such ${what}: '${id}'`, "id");
    return found;
  }

  function createInvoice(input: { customer: string; currency: string; subscription?: string; metadata?: Record<string, string>; collection: string; description?: string }): Obj {
    const id = newId("in");
    const invoice: Obj = {
      id,
      object: "invoice",
      customer: input.customer,
      currency: input.currency,
      status: "draft",
      amount_due: 0,
      amount_paid: 0,
      amount_remaining: 0,
      subtotal: 0,
      total: 0,
      collection_method: input.collection,
      description: input.description ?? null,
      hosted_invoice_url: null,
      invoice_pdf: null,
      metadata: input.metadata ?? {},
      parent: input.subscription ? { type: "subscription_details", quote_details: null, subscription_details: { subscription: input.subscription, metadata: {} } } : null,
      lines: { object: "list", data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
      created: now(),
      period_start: now(),
      period_end: now(),
      due_date: input.collection === "send_invoice" ? now() + 14 * DAY : null,
      status_transitions: { finalized_at: null, paid_at: null, voided_at: null, marked_uncollectible_at: null },
      livemode: false,
    };
    state.invoices.set(id, invoice);
    return invoice;
  }

  function addLine(invoice: Obj, amount: number, description: string, itemId?: string) {
    const lines = invoice.lines as { data: Obj[] };
    lines.data.push({ id: newId("il"), object: "line_item", amount, currency: invoice.currency, description, invoice: invoice.id, invoice_item: itemId ?? null, quantity: 1 });
    const total = lines.data.reduce((s, l) => s + Number(l.amount), 0);
    Object.assign(invoice, { subtotal: total, total, amount_due: total, amount_remaining: total - Number(invoice.amount_paid) });
  }

  function finalize(invoice: Obj): Obj {
    if (invoice.status !== "draft") throw new ApiError(400, "invalid_request_error", `This invoice is already ${String(invoice.status)}.`);
    invoice.status = "open";
    invoice.hosted_invoice_url = opts.publicUrl ? `${opts.publicUrl}/invoices/${String(invoice.id)}` : `https://invoice.stripe.com/i/${String(invoice.id)}`;
    (invoice.status_transitions as Obj).finalized_at = now();
    return invoice;
  }

  function markPaid(invoice: Obj) {
    Object.assign(invoice, { status: "paid", amount_paid: invoice.amount_due, amount_remaining: 0 });
    (invoice.status_transitions as Obj).paid_at = now();
  }

  function subscriptionInvoice(sub: Obj, paid: boolean): Obj {
    const item = (sub.items as { data: Obj[] }).data[0]!;
    const price = item.price as Obj;
    const invoice = createInvoice({ customer: String(sub.customer), currency: String(sub.currency), subscription: String(sub.id), collection: "charge_automatically" });
    addLine(invoice, Number(price.unit_amount), `1 × ${String((price.product_data as Obj | undefined)?.name ?? "Membership")}`);
    finalize(invoice);
    if (paid) {
      markPaid(invoice);
      charge(invoice, sub);
    }
    sub.latest_invoice = invoice.id;
    return invoice;
  }

  /**
   * The charge that paid a subscription invoice. With `transfer_data.destination` on the subscription it is a
   * destination charge: the platform takes `application_fee_percent` of it as an application fee (rounded
   * down) and transfers the rest to the connected account at once (source_transaction = the charge).
   */
  function charge(invoice: Obj, sub: Obj) {
    const amount = Number(invoice.amount_paid);
    const destination = (sub.transfer_data as Obj | null)?.destination as string | undefined;
    const feeHundredths = percentHundredths(sub.application_fee_percent);
    const fee = destination ? Math.floor((amount * feeHundredths) / 10_000) : 0;
    const chargeId = newId("ch");
    const created: Obj = {
      id: chargeId,
      object: "charge",
      amount,
      amount_captured: amount,
      amount_refunded: 0,
      currency: invoice.currency,
      customer: invoice.customer,
      paid: true,
      captured: true,
      refunded: false,
      disputed: false,
      status: "succeeded",
      application_fee: null,
      application_fee_amount: destination ? fee : null,
      transfer_data: destination ? { destination, amount: null } : null,
      transfer: null,
      on_behalf_of: null,
      metadata: {},
      created: now(),
      livemode: false,
    };
    if (destination) {
      const feeId = newId("fee");
      state.applicationFees.set(feeId, { id: feeId, object: "application_fee", account: destination, amount: fee, amount_refunded: 0, refunded: false, charge: chargeId, currency: invoice.currency, created: now(), livemode: false });
      const transferId = newId("tr");
      state.transfers.set(transferId, { id: transferId, object: "transfer", amount: amount - fee, amount_reversed: 0, reversed: false, reversals: reversalList(transferId), currency: invoice.currency, destination, source_transaction: chargeId, description: null, metadata: {}, transfer_group: null, created: now(), livemode: false });
      Object.assign(created, { application_fee: feeId, transfer: transferId });
    }
    state.charges.set(chargeId, created);
    invoice.payments = {
      object: "list",
      has_more: false,
      url: `/v1/invoices/${String(invoice.id)}/payments`,
      data: [{ id: newId("inpay"), object: "invoice_payment", amount_paid: amount, amount_requested: amount, currency: invoice.currency, invoice: invoice.id, is_default: true, status: "paid", payment: { type: "charge", charge: chargeId }, livemode: false }],
    };
  }

  /** Stripe's transfer object lists its reversals (the newest first). */
  function reversalList(transferId: string): Obj {
    return { object: "list", data: [], has_more: false, total_count: 0, url: `/v1/transfers/${transferId}/reversals` };
  }

  /** Takes `amount` back from a transfer's destination (a refund with reverse_transfer, or POST /v1/transfers/{id}/reversals). */
  function reverseTransfer(transfer: Obj, amount: number, meta: Record<string, string>): Obj {
    transfer.amount_reversed = Number(transfer.amount_reversed) + amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    const reversal: Obj = { id: newId("trr"), object: "transfer_reversal", amount, currency: transfer.currency, transfer: transfer.id, metadata: meta, created: now() };
    state.transferReversals.set(String(reversal.id), reversal);
    balanceTransaction("transfer_refund", amount, String(transfer.currency), String(reversal.id), "Transfer reversal");
    const list = (transfer.reversals as { data: Obj[]; total_count: number } | undefined) ?? (reversalList(String(transfer.id)) as { data: Obj[]; total_count: number });
    list.data.unshift(reversal);
    list.total_count = list.data.length;
    transfer.reversals = list;
    return reversal;
  }

  /**
   * A cardholder disputes a charge (a test control): Stripe debits the disputed amount from the platform (the
   * charge is the platform's, also for a destination charge), marks the charge disputed and tells the platform.
   */
  async function openDispute(ch: Obj): Promise<Obj> {
    if (ch.disputed === true) throw new ApiError(400, "invalid_request_error", `Charge ${String(ch.id)} has already been disputed.`);
    const id = newId("dp");
    const dispute: Obj = { id, object: "dispute", amount: Number(ch.amount) - Number(ch.amount_refunded), currency: ch.currency, charge: ch.id, reason: "fraudulent", status: "needs_response", is_charge_refundable: false, metadata: {}, created: now(), livemode: false };
    state.disputes.set(id, dispute);
    Object.assign(ch, { disputed: true, dispute: id });
    save();
    await emit("charge.dispute.created", dispute);
    return dispute;
  }

  /** The card network decides (a test control): won gives the platform its money back, lost keeps it debited. */
  async function closeDispute(dispute: Obj, outcome: "won" | "lost"): Promise<Obj> {
    if (dispute.status === "won" || dispute.status === "lost") throw new ApiError(400, "invalid_request_error", `Dispute ${String(dispute.id)} is already ${String(dispute.status)}.`);
    dispute.status = outcome;
    save();
    await emit("charge.dispute.closed", dispute);
    return dispute;
  }

  async function renew(sub: Obj, outcome: "paid" | "failed") {
    const item = (sub.items as { data: Obj[] }).data[0]!;
    const interval = String(((item.price as Obj).recurring as Obj).interval);
    const invoice = subscriptionInvoice(sub, outcome === "paid");
    if (outcome === "paid") {
      const start = Math.max(now(), Number(item.current_period_end));
      Object.assign(item, { current_period_start: start, current_period_end: addInterval(start, interval) });
      sub.status = "active";
    } else {
      sub.status = "past_due";
    }
    save();
    await emit(outcome === "paid" ? "invoice.paid" : "invoice.payment_failed", invoice);
    await emit("customer.subscription.updated", sub);
  }

  async function cancel(sub: Obj) {
    if (sub.status === "canceled") return;
    Object.assign(sub, { status: "canceled", canceled_at: now(), ended_at: now(), cancel_at_period_end: false });
    save();
    await emit("customer.subscription.deleted", sub);
  }

  /** Checkout in payment mode (a business topping up its prepaid balance): one card payment, no subscription. */
  async function completePaymentCheckout(session: Obj): Promise<void> {
    if (session.status !== "open") return;
    Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: newId("pi") });
    save();
    await emit("checkout.session.completed", session);
  }

  async function completeCheckout(session: Obj): Promise<void> {
    if (session.status !== "open") return;
    if (session.mode === "payment") return completePaymentCheckout(session);
    const line = list(session._line_items as FormObject["x"])[0];
    const priceData = obj(obj(line).price_data);
    const recurring = obj(priceData.recurring);
    const interval = str(recurring.interval) ?? "month";
    const start = now();
    const sub: Obj = {
      id: newId("sub"),
      object: "subscription",
      customer: session.customer,
      currency: session.currency,
      status: "active",
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      collection_method: "charge_automatically",
      created: start,
      start_date: start,
      latest_invoice: null,
      metadata: metadata(obj(session._subscription_data as FormObject["x"]).metadata),
      transfer_data: str(obj(obj(session._subscription_data as FormObject["x"]).transfer_data).destination)
        ? { destination: str(obj(obj(session._subscription_data as FormObject["x"]).transfer_data).destination), amount_percent: null }
        : null,
      application_fee_percent: str(obj(session._subscription_data as FormObject["x"]).application_fee_percent) !== undefined ? Number(str(obj(session._subscription_data as FormObject["x"]).application_fee_percent)) : null,
      items: {
        object: "list",
        has_more: false,
        data: [
          {
            id: newId("si"),
            object: "subscription_item",
            quantity: int(obj(line).quantity) ?? 1,
            current_period_start: start,
            current_period_end: addInterval(start, interval),
            price: {
              id: newId("price"),
              object: "price",
              currency: session.currency,
              unit_amount: int(priceData.unit_amount) ?? 0,
              recurring: { interval, interval_count: int(recurring.interval_count) ?? 1 },
              product: newId("prod"),
              product_data: obj(priceData.product_data),
            },
          },
        ],
      },
      livemode: false,
    };
    state.subscriptions.set(String(sub.id), sub);
    const invoice = subscriptionInvoice(sub, true);
    Object.assign(session, { status: "complete", payment_status: "paid", subscription: sub.id, invoice: invoice.id });
    save();
    await emit("checkout.session.completed", session);
    await emit("customer.subscription.created", sub);
    await emit("invoice.paid", invoice);
  }

  /** What the API returns: our private fields (prefixed _) stay in the sandbox. */
  const publicView = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith("_")));

  // ─── REST API ──────────────────────────────────────────────────────────────────────────────────────
  /** A movement of the platform's balance, as Stripe lists it (`GET /v1/balance_transactions`). */
  function balanceTransaction(type: string, amount: number, currency: string, source: string | null, description: string): void {
    const bt: Obj = { id: newId("txn"), object: "balance_transaction", type, amount, fee: 0, net: amount, currency, source, description, status: "available", created: now(), available_on: now() };
    state.balanceTransactions.set(String(bt.id), bt);
  }

  /**
   * Connect's fees for a payout made from a connected account (Express, "you handle pricing"): the payout fee,
   * and the active-account fee on the account's first payout of the month (per currency), debited from the
   * platform's balance. The amounts are Stripe's published pricing as lib/withdrawals/payout-costs.ts mirrors it.
   */
  function chargeConnectPayoutFees(payout: Obj, account: string): void {
    const currency = String(payout.currency).toUpperCase();
    if (!isPayoutCurrency(currency)) return;
    balanceTransaction("stripe_fee", -Number(payoutFeeMinor(BigInt(Number(payout.amount)), currency)), String(payout.currency), String(payout.id), "Connect payout fee");
    const month = activeMonth(new Date(Number(payout.created) * 1000));
    const already = [...state.balanceTransactions.values()].some((bt) => bt._active_account === `${account}:${month}:${currency}`);
    if (already) return;
    balanceTransaction("stripe_fee", -Number(STRIPE_ACTIVE_ACCOUNT_FEE_MINOR[currency]), String(payout.currency), account, `Connect active account fee (${month})`);
    const last = [...state.balanceTransactions.values()].at(-1);
    if (last) last._active_account = `${account}:${month}:${currency}`;
  }

  async function api(method: string, parts: string[], form: FormObject, stripeAccount: string | null = null): Promise<Obj> {
    const [resource, id, action] = parts;
    if (resource === "customers") {
      if (method === "POST" && !id) {
        const customer: Obj = { id: newId("cus"), object: "customer", email: str(form.email) ?? null, name: str(form.name) ?? null, description: str(form.description) ?? null, metadata: metadata(form.metadata), created: now(), livemode: false };
        state.customers.set(String(customer.id), customer);
        return customer;
      }
      if (method === "GET" && id) return find("customers", id, "customer");
    }
    if (resource === "checkout" && id === "sessions") {
      const sessionId = action;
      if (method === "POST" && !sessionId) {
        const mode = str(form.mode);
        if (!mode) throw new ApiError(400, "invalid_request_error", "Missing required param: mode.", "mode");
        const success = str(form.success_url);
        if (!success) throw new ApiError(400, "invalid_request_error", "Missing required param: success_url.", "success_url");
        const items = list(form.line_items);
        if (items.length === 0) throw new ApiError(400, "invalid_request_error", "Missing required param: line_items.", "line_items");
        const priceData = obj(obj(items[0]).price_data);
        const currency = str(priceData.currency);
        const amount = int(priceData.unit_amount);
        if (!currency || amount === undefined) throw new ApiError(400, "invalid_request_error", "line_items[0][price_data] needs currency and unit_amount.", "line_items[0][price_data]");
        if (mode === "subscription" && !str(obj(priceData.recurring).interval)) throw new ApiError(400, "invalid_request_error", "A subscription price needs recurring[interval].", "line_items[0][price_data][recurring][interval]");
        const customer = str(form.customer);
        if (customer) find("customers", customer, "customer");
        const subscriptionData = obj(form.subscription_data);
        const destination = str(obj(subscriptionData.transfer_data).destination);
        if (destination) {
          const account = state.accounts.get(destination);
          if (!account) throw new ApiError(400, "invalid_request_error", `No such destination: '${destination}'`, "subscription_data[transfer_data][destination]");
          if (account.charges_enabled !== true) throw new ApiError(400, "invalid_request_error", "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments", "subscription_data[transfer_data][destination]");
        }
        if (subscriptionData.application_fee_percent !== undefined && (!destination || percentHundredths(subscriptionData.application_fee_percent) < 0)) {
          throw new ApiError(400, "invalid_request_error", "application_fee_percent needs a transfer_data[destination] and a percentage from 0 to 100 with at most two decimals.", "subscription_data[application_fee_percent]");
        }
        const sid = newId("cs_test");
        const session: Obj = {
          id: sid,
          object: "checkout.session",
          mode,
          status: "open",
          payment_status: "unpaid",
          customer: customer ?? null,
          customer_email: str(form.customer_email) ?? null,
          client_reference_id: str(form.client_reference_id) ?? null,
          metadata: metadata(form.metadata),
          currency: currency.toLowerCase(),
          amount_total: amount * (int(obj(items[0]).quantity) ?? 1),
          success_url: success,
          cancel_url: str(form.cancel_url) ?? null,
          subscription: null,
          invoice: null,
          url: opts.publicUrl ? `${opts.publicUrl}/checkout/${sid}` : `https://checkout.stripe.com/c/pay/${sid}`,
          created: now(),
          expires_at: now() + DAY,
          livemode: false,
          _line_items: items,
          _subscription_data: obj(form.subscription_data),
        };
        state.sessions.set(sid, session);
        return session;
      }
      if (method === "GET" && sessionId) return find("sessions", sessionId, "checkout.session");
      if (method === "POST" && sessionId && parts[3] === "expire") {
        const session = find("sessions", sessionId, "checkout.session");
        if (session.status === "open") {
          Object.assign(session, { status: "expired", url: null });
          void emit("checkout.session.expired", session);
        }
        return session;
      }
    }
    if (resource === "subscriptions" && id) {
      const sub = find("subscriptions", id, "subscription");
      if (method === "GET") return sub;
      if (method === "POST") {
        const atEnd = bool(form.cancel_at_period_end);
        if (atEnd !== undefined) sub.cancel_at_period_end = atEnd;
        if (form.metadata) sub.metadata = { ...(sub.metadata as Obj), ...metadata(form.metadata) };
        void emit("customer.subscription.updated", sub);
        return sub;
      }
      if (method === "DELETE") {
        if (sub.status === "canceled") throw new ApiError(400, "invalid_request_error", "This subscription has already been canceled.");
        void cancel(sub);
        return sub;
      }
    }
    if (resource === "invoiceitems" && method === "POST" && !id) {
      const customer = str(form.customer);
      if (!customer) throw new ApiError(400, "invalid_request_error", "Missing required param: customer.", "customer");
      find("customers", customer, "customer");
      const amount = int(form.amount);
      const currency = str(form.currency);
      if (amount === undefined || !currency) throw new ApiError(400, "invalid_request_error", "This sandbox needs amount and currency on invoice items.", "amount");
      const item: Obj = { id: newId("ii"), object: "invoiceitem", customer, amount, currency: currency.toLowerCase(), description: str(form.description) ?? null, invoice: str(form.invoice) ?? null, metadata: metadata(form.metadata), quantity: 1, date: now(), livemode: false };
      if (item.invoice) {
        const invoice = find("invoices", String(item.invoice), "invoice");
        if (invoice.status !== "draft") throw new ApiError(400, "invalid_request_error", "Items can only be added to a draft invoice.", "invoice");
        addLine(invoice, amount, String(item.description ?? ""), String(item.id));
      }
      state.invoiceItems.set(String(item.id), item);
      return item;
    }
    if (resource === "invoices") {
      if (method === "POST" && !id) {
        const customer = str(form.customer);
        if (!customer) throw new ApiError(400, "invalid_request_error", "Missing required param: customer.", "customer");
        find("customers", customer, "customer");
        const invoice = createInvoice({ customer, currency: (str(form.currency) ?? "eur").toLowerCase(), metadata: metadata(form.metadata), collection: str(form.collection_method) ?? "charge_automatically", description: str(form.description) });
        if (str(form.pending_invoice_items_behavior) === "include") {
          for (const item of state.invoiceItems.values()) {
            if (item.customer === customer && item.invoice == null && item.currency === invoice.currency) {
              item.invoice = invoice.id;
              addLine(invoice, Number(item.amount), String(item.description ?? ""), String(item.id));
            }
          }
        }
        return invoice;
      }
      if (id) {
        const invoice = find("invoices", id, "invoice");
        if (method === "GET" && !action) return invoice;
        if (method === "POST" && action === "finalize") {
          finalize(invoice);
          void emit("invoice.finalized", invoice);
          return invoice;
        }
        if (method === "POST" && action === "send") {
          // Stripe e-mails the hosted invoice to the customer; the sandbox records that it would have.
          if (invoice.status === "draft") finalize(invoice);
          if (invoice.status !== "open") throw new ApiError(400, "invalid_request_error", `Invoice is ${String(invoice.status)}, not open.`);
          invoice._sent_at = now();
          void emit("invoice.sent", invoice);
          return invoice;
        }
        if (method === "POST" && action === "pay") {
          if (invoice.status !== "open") throw new ApiError(400, "invalid_request_error", `Invoice is ${String(invoice.status)}, not open.`);
          markPaid(invoice);
          void emit("invoice.paid", invoice);
          return invoice;
        }
        if (method === "POST" && action === "void") {
          if (invoice.status !== "open") throw new ApiError(400, "invalid_request_error", `Invoice is ${String(invoice.status)}, not open.`);
          invoice.status = "void";
          void emit("invoice.voided", invoice);
          return invoice;
        }
      }
    }
    // Connected accounts (one per member bank account that receives withdrawals), with the bank from Plaid's token.
    // Businesses' Express accounts (Connect onboarding on a hosted page through account links).
    if (resource === "accounts" && method === "POST" && !id && str(form.type) === "express") {
      const capabilities = Object.fromEntries(Object.keys(obj(form.capabilities)).map((c) => [c, "inactive"]));
      const account: Obj = {
        id: newId("acct"),
        object: "account",
        type: "express",
        country: str(form.country) ?? null,
        email: str(form.email) ?? null,
        business_profile: { name: str(obj(form.business_profile).name) ?? null },
        capabilities,
        charges_enabled: false,
        payouts_enabled: false,
        details_submitted: false,
        requirements: { currently_due: ["business_profile.url", "external_account", "tos_acceptance.date"], disabled_reason: "requirements.past_due" },
        metadata: metadata(form.metadata),
        created: now(),
        livemode: false,
      };
      state.accounts.set(String(account.id), account);
      return account;
    }
    if (resource === "accounts" && method === "GET" && id) return find("accounts", id, "account");
    if (resource === "account_links" && method === "POST" && !id) {
      const account = str(form.account);
      if (!account) throw new ApiError(400, "invalid_request_error", "Missing required param: account.", "account");
      find("accounts", account, "account");
      if (str(form.type) !== "account_onboarding") throw new ApiError(400, "invalid_request_error", "This sandbox supports type=account_onboarding only.", "type");
      const refresh = str(form.refresh_url);
      const back = str(form.return_url);
      if (!refresh || !back) throw new ApiError(400, "invalid_request_error", "refresh_url and return_url are required.", refresh ? "return_url" : "refresh_url");
      const linkId = newId("acctlink");
      const link: Obj = {
        object: "account_link",
        created: now(),
        expires_at: now() + 300,
        url: opts.publicUrl ? `${opts.publicUrl}/connect/${linkId}` : `https://connect.stripe.com/setup/e/${account}/${linkId}`,
        _id: linkId,
        _account: account,
        _refresh_url: refresh,
        _return_url: back,
        _used: false,
      };
      state.accountLinks.set(linkId, link);
      return link;
    }
    if (resource === "charges" && method === "GET" && id) return find("charges", id, "charge");
    if (resource === "application_fees" && method === "GET" && id) return find("applicationFees", id, "application fee");
    if (resource === "disputes" && method === "GET" && id) return find("disputes", id, "dispute");
    // Refunds of charges, with Connect's choices for destination charges: give the application fee back
    // (refund_application_fee) and take the transfer back from the connected account (reverse_transfer),
    // each in proportion to the amount refunded.
    if (resource === "refunds" && method === "POST" && !id) {
      const chargeId = str(form.charge);
      if (!chargeId) throw new ApiError(400, "invalid_request_error", "This sandbox refunds by charge: charge is required.", "charge");
      const ch = find("charges", chargeId, "charge");
      const remaining = Number(ch.amount) - Number(ch.amount_refunded);
      const amount = int(form.amount) ?? remaining;
      if (amount <= 0 || amount > remaining) throw new ApiError(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining}).`, "amount");
      const reverse = bool(form.reverse_transfer) === true;
      const refundFee = bool(form.refund_application_fee) === true;
      if ((reverse || refundFee) && !ch.transfer_data) throw new ApiError(400, "invalid_request_error", "reverse_transfer and refund_application_fee apply to destination charges only.", reverse ? "reverse_transfer" : "refund_application_fee");
      const share = (total: number) => Math.floor((total * amount) / Number(ch.amount));
      let transferReversal: string | null = null;
      if (reverse && ch.transfer) {
        const tr = find("transfers", String(ch.transfer), "transfer");
        const reversed = Math.min(share(Number(tr.amount)), Number(tr.amount) - Number(tr.amount_reversed));
        if (reversed > 0) transferReversal = String(reverseTransfer(tr, reversed, {}).id);
      }
      if (refundFee && ch.application_fee) {
        const fee = find("applicationFees", String(ch.application_fee), "application fee");
        const back = Math.min(share(Number(fee.amount)), Number(fee.amount) - Number(fee.amount_refunded));
        fee.amount_refunded = Number(fee.amount_refunded) + back;
        fee.refunded = fee.amount_refunded === fee.amount;
      }
      ch.amount_refunded = Number(ch.amount_refunded) + amount;
      ch.refunded = ch.amount_refunded === ch.amount;
      const refund: Obj = { id: newId("re"), object: "refund", amount, charge: chargeId, currency: ch.currency, status: "succeeded", reason: str(form.reason) ?? null, transfer_reversal: transferReversal, metadata: metadata(form.metadata), created: now() };
      void emit("charge.refunded", ch);
      return refund;
    }
    if (resource === "accounts" && method === "POST" && !id) {
      const bank = str(form.external_account);
      if (!bank?.startsWith("btok_")) throw new ApiError(400, "invalid_request_error", "external_account must be a bank account token (btok_…).", "external_account");
      const account: Obj = { id: newId("acct"), object: "account", type: str(form.type) ?? "custom", country: str(form.country) ?? null, metadata: metadata(form.metadata), payouts_enabled: true, created: now(), livemode: false };
      state.accounts.set(String(account.id), account);
      return account;
    }
    // Money out (withdrawals): transfers to connected accounts and payouts, paid at once unless a test says otherwise.
    if ((resource === "transfers" || resource === "payouts") && method === "POST" && !id) {
      const amount = int(form.amount);
      const currency = str(form.currency);
      if (amount === undefined || amount <= 0 || !currency) throw new ApiError(400, "invalid_request_error", "amount (a positive integer) and currency are required.", "amount");
      const transfer = resource === "transfers";
      const createdId = newId(transfer ? "tr" : "po");
      const created: Obj = {
        id: createdId,
        object: transfer ? "transfer" : "payout",
        amount,
        currency: currency.toLowerCase(),
        destination: str(form.destination) ?? null,
        description: str(form.description) ?? null,
        metadata: metadata(form.metadata),
        created: now(),
        livemode: false,
        ...(transfer
          ? { reversed: false, amount_reversed: 0, reversals: reversalList(createdId), transfer_group: str(form.transfer_group) ?? null }
          : { status: "paid", arrival_date: now(), failure_code: null, failure_message: null }),
      };
      if (!transfer && stripeAccount) created._account = stripeAccount;
      state[resource].set(String(created.id), created);
      if (transfer) balanceTransaction("transfer", -amount, String(created.currency), String(created.id), "Transfer to a connected account");
      else if (stripeAccount) chargeConnectPayoutFees(created, stripeAccount);
      void emit(transfer ? "transfer.created" : "payout.paid", created, transfer ? undefined : (stripeAccount ?? undefined));
      return created;
    }
    if ((resource === "transfers" || resource === "payouts") && method === "GET" && id) return find(resource, id, resource.slice(0, -1));
    if (resource === "transfers" && method === "GET" && !id) {
      const group = str(form.transfer_group);
      return { object: "list", url: "/v1/transfers", has_more: false, data: [...state.transfers.values()].filter((t) => !group || t.transfer_group === group) };
    }
    // A connected account's payouts (Stripe-Account header), newest first.
    if (resource === "payouts" && method === "GET" && !id) {
      const limit = int(form.limit) ?? 10;
      const data = [...state.payouts.values()].filter((p) => (p._account ?? null) === stripeAccount).reverse().slice(0, limit);
      return { object: "list", url: "/v1/payouts", has_more: false, data: data.map(publicView) };
    }
    // The platform's balance transactions, newest first, by type; `expand[]=data.source` gives the source object.
    if (resource === "balance_transactions" && method === "GET" && !id) {
      const type = str(form.type);
      const expand = list(form.expand).map(String).includes("data.source");
      const data = [...state.balanceTransactions.values()]
        .filter((bt) => !type || bt.type === type)
        .reverse()
        .map((bt) => {
          if (!expand || typeof bt.source !== "string") return publicView(bt);
          const source = state.transfers.get(bt.source) ?? state.transferReversals.get(bt.source) ?? state.payouts.get(bt.source) ?? null;
          return publicView(source ? { ...bt, source: publicView(source) } : bt);
        });
      return { object: "list", url: "/v1/balance_transactions", has_more: false, data };
    }
    // Taking money back from a connected account (a withdrawal whose payout failed).
    if (resource === "transfers" && id && action === "reversals" && method === "POST") {
      const transfer = find("transfers", id, "transfer");
      const remaining = Number(transfer.amount) - Number(transfer.amount_reversed);
      const amount = int(form.amount) ?? remaining;
      if (amount <= 0 || amount > remaining) throw new ApiError(400, "invalid_request_error", `The reversal amount must be between 1 and the ${remaining} not yet reversed.`, "amount");
      return reverseTransfer(transfer, amount, metadata(form.metadata));
    }
    throw new ApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: /v1/${parts.join("/")}). This sandbox implements only what Boomerang uses.`);
  }


  // ─── Requests ──────────────────────────────────────────────────────────────────────────────────────
  const json = (status: number, body: string, headers: Record<string, string> = {}) =>
    new Response(body, { status, headers: { "content-type": "application/json", "request-id": newId("req"), ...headers } });
  const html = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8" } });
  const redirect = (to: string) => new Response(null, { status: 303, headers: { location: to } });

  async function hosted(method: string, parts: string[]): Promise<Response | null> {
    const [kind, id, action] = parts;
    if (kind === "checkout" && id) {
      const session = state.sessions.get(id);
      if (!session) return html(404, page("Not found", "<h1>This checkout does not exist.</h1>"));
      if (method === "GET") {
        const done = session.status !== "open";
        const price = obj(obj(list(session._line_items as FormObject["x"])[0]).price_data);
        const name = String(obj(price.product_data).name ?? "Membership");
        const interval = String(obj(price.recurring).interval ?? "month");
        return html(
          200,
          page(
            "Checkout",
            `<h1>${escape(name)}</h1><p class="muted">Subscription, billed every ${escape(interval)}</p>
<p class="amount" data-testid="checkout-amount">${escape(formatAmount(Number(session.amount_total), String(session.currency)))}</p>
${done ? `<p>This checkout is ${escape(String(session.status))}.</p>` : `<form method="post" action="/checkout/${escape(id)}/pay"><button class="pay" type="submit">Pay with test card</button></form>
<form method="post" action="/checkout/${escape(id)}/decline"><button class="decline" type="submit">Decline</button></form>`}`,
          ),
        );
      }
      if (method === "POST" && action === "pay") {
        // Wait for the webhooks (bounded), as Stripe usually has by the time the customer is back.
        await Promise.race([completeCheckout(session), new Promise((r) => setTimeout(r, 5_000))]);
        return redirect(String(session.success_url).replace("{CHECKOUT_SESSION_ID}", id));
      }
      if (method === "POST" && action === "decline") return redirect(String(session.cancel_url ?? session.success_url).replace("{CHECKOUT_SESSION_ID}", id));
    }
    if (kind === "connect" && id) {
      // Stripe's hosted Express onboarding, reduced to one button. A link works once, like Stripe's.
      const link = state.accountLinks.get(id);
      if (!link) return html(404, page("Not found", "<h1>This onboarding link does not exist.</h1>"));
      const account = state.accounts.get(String(link._account));
      if (link._used === true || Number(link.expires_at) < now() || !account) return redirect(String(link._refresh_url));
      if (method === "GET") {
        const person = obj(account.metadata as FormObject["x"]).boomerangUserId !== undefined;
        const name = String(obj(account.business_profile as FormObject["x"]).name ?? "your business");
        return html(
          200,
          page(
            person ? "Set up payouts" : "Set up payments",
            `<h1>${person ? "Set up your payouts" : `Set up payments for ${escape(name)}`}</h1><p class="muted">Stripe Express onboarding (account ${escape(String(account.id))})</p>
<p>Boomerang's sandbox skips identity, bank details and terms: completing makes the account able to ${person ? "receive payouts" : "accept charges"}.</p>
<form method="post" action="/connect/${escape(id)}/complete"><button class="pay" type="submit">Complete onboarding</button></form>
<form method="post" action="/connect/${escape(id)}/later"><button class="decline" type="submit">Finish later</button></form>`,
          ),
        );
      }
      if (method === "POST" && (action === "complete" || action === "later")) {
        link._used = true;
        if (action === "complete") {
          Object.assign(account, {
            charges_enabled: true,
            payouts_enabled: true,
            details_submitted: true,
            capabilities: Object.fromEntries(Object.keys(obj(account.capabilities as FormObject["x"])).map((c) => [c, "active"])),
            requirements: { currently_due: [], disabled_reason: null },
          });
        } else {
          account.details_submitted = false;
        }
        save();
        // Wait for the webhook (bounded), as Stripe usually has delivered it by the time the owner is back.
        await Promise.race([emit("account.updated", account, String(account.id)), new Promise((r) => setTimeout(r, 5_000))]);
        return redirect(String(link._return_url));
      }
    }
    if (kind === "invoices" && id) {
      const invoice = state.invoices.get(id);
      if (!invoice) return html(404, page("Not found", "<h1>This invoice does not exist.</h1>"));
      if (method === "POST" && action === "pay" && invoice.status === "open") {
        markPaid(invoice);
        save();
        await emit("invoice.paid", invoice);
      }
      const lines = (invoice.lines as { data: Obj[] }).data.map((l) => `<tr><td>${escape(String(l.description ?? ""))}</td><td>${escape(formatAmount(Number(l.amount), String(invoice.currency)))}</td></tr>`).join("");
      return html(
        200,
        page(
          "Invoice",
          `<h1>Invoice ${escape(id)}</h1><p class="muted">Status: <strong data-testid="invoice-status">${escape(String(invoice.status))}</strong></p>
<p class="amount">${escape(formatAmount(Number(invoice.amount_due), String(invoice.currency)))}</p><table>${lines}</table>
${invoice.status === "open" ? `<form method="post" action="/invoices/${escape(id)}/pay"><button class="pay" type="submit">Pay with test card</button></form>` : ""}`,
        ),
      );
    }
    if (kind === "sandbox") {
      // Test controls: what Stripe would do later on its own (renewals, failures, cancellations).
      if (method === "POST" && id === "subscriptions" && action && parts[3]) {
        const sub = state.subscriptions.get(action);
        if (!sub) return json(404, JSON.stringify({ error: { message: `No such subscription: '${action}'` } }));
        if (parts[3] === "fail-renewal") await renew(sub, "failed");
        else if (parts[3] === "renew") await renew(sub, "paid");
        else if (parts[3] === "cancel") await cancel(sub);
        else return null;
        return json(200, JSON.stringify(publicView(sub)));
      }
      if (method === "POST" && id === "invoices" && action && parts[3] === "fail-payment") return failInvoicePayment(action);
      if (method === "POST" && id === "charges" && action && parts[3] === "dispute") {
        const ch = state.charges.get(action);
        if (!ch) return json(404, JSON.stringify({ error: { message: `No such charge: '${action}'` } }));
        if (ch.disputed === true) return json(400, JSON.stringify({ error: { message: `Charge ${action} has already been disputed.` } }));
        return json(200, JSON.stringify(publicView(await openDispute(ch))));
      }
      if (method === "POST" && id === "disputes" && action && (parts[3] === "lose" || parts[3] === "win")) {
        const dispute = state.disputes.get(action);
        if (!dispute) return json(404, JSON.stringify({ error: { message: `No such dispute: '${action}'` } }));
        if (dispute.status === "won" || dispute.status === "lost") return json(400, JSON.stringify({ error: { message: `Dispute ${action} is already ${String(dispute.status)}.` } }));
        return json(200, JSON.stringify(publicView(await closeDispute(dispute, parts[3] === "lose" ? "lost" : "won"))));
      }
      if (method === "POST" && id === "checkout" && action && parts[3] === "expire") {
        // Stripe expires an open Checkout session after its expires_at (24 h) and tells the platform.
        const session = state.sessions.get(action);
        if (!session) return json(404, JSON.stringify({ error: { message: `No such checkout.session: '${action}'` } }));
        if (session.status !== "open") return json(400, JSON.stringify({ error: { message: `Checkout session ${action} is ${String(session.status)}, not open.` } }));
        Object.assign(session, { status: "expired", url: null });
        save();
        await emit("checkout.session.expired", session);
        return json(200, JSON.stringify(publicView(session)));
      }
      if (method === "POST" && id === "payouts" && action && parts[3] === "fail") {
        const payout = state.payouts.get(action);
        if (!payout) return json(404, JSON.stringify({ error: { message: `No such payout: '${action}'` } }));
        Object.assign(payout, { status: "failed", failure_code: "account_closed", failure_message: "The bank account has been closed." });
        save();
        await emit("payout.failed", payout);
        return json(200, JSON.stringify(publicView(payout)));
      }
      if (method === "GET" && !id) {
        const all = (store: Store) => [...store.values()].map(publicView);
        return json(200, JSON.stringify({ sessions: all(state.sessions), subscriptions: all(state.subscriptions), invoices: all(state.invoices), payouts: all(state.payouts), transfers: all(state.transfers), accounts: all(state.accounts), charges: all(state.charges), disputes: all(state.disputes), events: state.events.slice(-50) }, null, 2));
      }
    }
    return null;
  }

  /** A payment attempt on an open invoice fails: it stays open (Stripe's dunning retries) and says so. */
  async function failInvoicePayment(invoiceId: string): Promise<Response> {
    const invoice = state.invoices.get(invoiceId);
    if (!invoice) return json(404, JSON.stringify({ error: { message: `No such invoice: '${invoiceId}'` } }));
    if (invoice.status !== "open") return json(400, JSON.stringify({ error: { message: `Invoice is ${String(invoice.status)}, not open.` } }));
    Object.assign(invoice, { attempted: true, attempt_count: Number(invoice.attempt_count ?? 0) + 1 });
    // The declined attempt, as Stripe lists it on the invoice: a failed charge with the card's decline message.
    const chargeId = newId("ch");
    state.charges.set(chargeId, {
      id: chargeId, object: "charge", amount: Number(invoice.amount_remaining), amount_captured: 0, amount_refunded: 0, currency: invoice.currency, customer: invoice.customer,
      paid: false, captured: false, refunded: false, disputed: false, status: "failed", failure_code: "card_declined", failure_message: "Your card was declined.",
      application_fee: null, application_fee_amount: null, transfer_data: null, transfer: null, on_behalf_of: null, metadata: {}, created: now(), livemode: false,
    });
    const payments = (invoice.payments as { data: Obj[] } | undefined)?.data ?? [];
    invoice.payments = {
      object: "list",
      has_more: false,
      url: `/v1/invoices/${invoiceId}/payments`,
      data: [...payments, { id: newId("inpay"), object: "invoice_payment", amount_paid: 0, amount_requested: Number(invoice.amount_remaining), currency: invoice.currency, invoice: invoiceId, is_default: true, status: "failed", payment: { type: "charge", charge: chargeId }, livemode: false }],
    };
    save();
    await emit("invoice.payment_failed", invoice);
    return json(200, JSON.stringify(publicView(invoice)));
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const parts = url.pathname.split("/").filter(Boolean);
    try {
      if (parts[0] !== "v1") return (await hosted(method, parts)) ?? html(404, page("Not found", "<h1>Not found</h1>"));
      const form = decodeForm(method === "GET" || method === "DELETE" ? url.search.slice(1) : await request.text());
      const key = request.headers.get("idempotency-key");
      requests.push({ method, path: url.pathname, body: form, idempotencyKey: key, stripeAccount: request.headers.get("stripe-account") });
      if (!request.headers.get("authorization")?.startsWith("Bearer ")) throw new ApiError(401, "invalid_request_error", "You did not provide an API key.");
      const idemKey = key && method === "POST" ? `${key}|${url.pathname}` : null;
      const cached = idemKey ? state.idempotency[idemKey] : undefined;
      if (cached) return json(cached.status, cached.body, { "idempotent-replayed": "true" });
      const body = JSON.stringify(publicView(await api(method, parts.slice(1), form, request.headers.get("stripe-account"))));
      if (idemKey) state.idempotency[idemKey] = { status: 200, body };
      save();
      return json(200, body);
    } catch (error) {
      if (error instanceof ApiError) return json(error.status, JSON.stringify({ error: { type: error.type, message: error.message, ...(error.param ? { param: error.param } : {}) } }));
      log(`stripe sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return json(500, JSON.stringify({ error: { type: "api_error", message: "The sandbox failed on this request." } }));
    }
  }

  return {
    customers: state.customers,
    sessions: state.sessions,
    subscriptions: state.subscriptions,
    invoices: state.invoices,
    invoiceItems: state.invoiceItems,
    transfers: state.transfers,
    payouts: state.payouts,
    accounts: state.accounts,
    accountLinks: state.accountLinks,
    charges: state.charges,
    applicationFees: state.applicationFees,
    disputes: state.disputes,
    balanceTransactions: state.balanceTransactions,
    transferReversals: state.transferReversals,
    handle,
    requests,
    forgetIdempotencyKeys() {
      for (const key of Object.keys(state.idempotency)) delete state.idempotency[key];
    },
    async flush() {
      await queue.catch(() => undefined);
      save();
    },
  };
}
