import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeSandbox, type StripeSandbox } from "./server";

const SECRET = "whsec_sandbox_test";
let app: Server;
let sandbox: StripeSandbox;
let client: Stripe;
const received: Stripe.Event[] = [];
const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "stripe-sandbox-")), "stripe.json");

// The sandbox must be indistinguishable from Stripe for the real SDK: shapes, errors, idempotency, signatures.
beforeAll(async () => {
  app = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      try {
        received.push(Stripe.webhooks.constructEvent(body, String(req.headers["stripe-signature"]), SECRET));
        res.end("ok");
      } catch {
        res.statusCode = 400;
        res.end("bad signature");
      }
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  sandbox = await startStripeSandbox({ appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}`, webhookSecret: SECRET, stateFile });
  const url = new URL(sandbox.url);
  client = new Stripe("sk_test_sandbox", { host: url.hostname, port: Number(url.port), protocol: "http" });
});

afterAll(async () => {
  await sandbox.stop();
  await new Promise((resolve) => app.close(resolve));
});

async function checkout() {
  const customer = await client.customers.create({ email: "pat@example.test" });
  const session = await client.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    client_reference_id: "member-1",
    success_url: "http://app.test/return?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://app.test/cancel",
    line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 990, recurring: { interval: "month" }, product_data: { name: "Pulse membership" } } }],
    subscription_data: { metadata: { memberId: "member-1" } },
  });
  return { customer, session };
}

describe("local Stripe sandbox", () => {
  it("answers the SDK in Stripe's shapes, replays idempotent requests and reports errors as Stripe does", async () => {
    const a = await client.customers.create({ email: "a@example.test" }, { idempotencyKey: "same" });
    const b = await client.customers.create({ email: "a@example.test" }, { idempotencyKey: "same" });
    expect(a.id).toMatch(/^cus_/);
    expect(b.id).toBe(a.id);
    const error = await client.subscriptions.retrieve("sub_missing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const bad = await client.checkout.sessions.create({ mode: "subscription", success_url: "http://x", line_items: [] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it("hosts Checkout: paying creates an active subscription and sends signed webhooks in order", async () => {
    const { session } = await checkout();
    expect(session.url).toBe(`${sandbox.url}/checkout/${session.id}`);
    expect(await (await fetch(session.url!)).text()).toContain("Pay with test card");
    const paid = await fetch(`${session.url}/pay`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://app.test/return?session_id=${session.id}`);
    const completed = await client.checkout.sessions.retrieve(session.id);
    expect(completed.status).toBe("complete");
    const sub = await client.subscriptions.retrieve(String(completed.subscription));
    expect(sub).toMatchObject({ status: "active", metadata: { memberId: "member-1" } });
    expect(sub.items.data[0]?.current_period_end).toBeGreaterThan(Date.now() / 1000 + 27 * 86_400);
    expect(received.filter((e) => [session.id, sub.id].includes(String((e.data.object as { id?: string }).id)) || e.type === "invoice.paid").map((e) => e.type)).toEqual(["checkout.session.completed", "customer.subscription.created", "invoice.paid"]);

    // Test controls: a failed renewal, then a cancellation.
    received.length = 0;
    await fetch(`${sandbox.url}/sandbox/subscriptions/${sub.id}/fail-renewal`, { method: "POST" });
    expect((await client.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await fetch(`${sandbox.url}/sandbox/subscriptions/${sub.id}/cancel`, { method: "POST" });
    expect((await client.subscriptions.retrieve(sub.id)).status).toBe("canceled");
    expect(received.map((e) => e.type)).toEqual(["invoice.payment_failed", "customer.subscription.updated", "customer.subscription.deleted"]);
  });

  it("declining returns to the cancel URL with nothing charged", async () => {
    const { session } = await checkout();
    const declined = await fetch(`${session.url}/decline`, { method: "POST", redirect: "manual" });
    expect(declined.headers.get("location")).toBe("http://app.test/cancel");
    expect((await client.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("creates, fills, finalizes and sends invoices with a hosted page that can be paid", async () => {
    const customer = await client.customers.create({ name: "Café" });
    const invoice = await client.invoices.create({ customer: customer.id, currency: "eur", collection_method: "send_invoice", days_until_due: 14, pending_invoice_items_behavior: "exclude" });
    await client.invoiceItems.create({ customer: customer.id, invoice: invoice.id!, amount: 1234, currency: "eur", description: "Commission" });
    const open = await client.invoices.finalizeInvoice(invoice.id!);
    expect(open).toMatchObject({ status: "open", amount_due: 1234, hosted_invoice_url: `${sandbox.url}/invoices/${invoice.id}` });
    expect(await client.invoices.sendInvoice(invoice.id!)).toMatchObject({ status: "open" });
    await fetch(`${open.hosted_invoice_url}/pay`, { method: "POST" });
    expect((await client.invoices.retrieve(invoice.id!)).status).toBe("paid");
  });

  it("pays out, transfers and reverses transfers for withdrawals, with a control to fail a payout", async () => {
    received.length = 0;
    const payout = await client.payouts.create({ amount: 2_500, currency: "eur", metadata: { withdrawalId: "w-1" } });
    expect(payout).toMatchObject({ object: "payout", status: "paid", amount: 2_500, metadata: { withdrawalId: "w-1" } });
    const transfer = await client.transfers.create({ amount: 1_000, currency: "eur", destination: "acct_test", transfer_group: "withdrawal:w-1" });
    expect((await client.transfers.retrieve(transfer.id)).destination).toBe("acct_test");
    expect((await client.transfers.list({ transfer_group: "withdrawal:w-1" })).data.map((t) => t.id)).toEqual([transfer.id]);
    expect((await client.transfers.list({ transfer_group: "withdrawal:other" })).data).toEqual([]);
    // Taking it back: once in full, never more than was sent.
    expect(await client.transfers.createReversal(transfer.id, { amount: 1_000 })).toMatchObject({ object: "transfer_reversal", amount: 1_000, transfer: transfer.id });
    expect(await client.transfers.retrieve(transfer.id)).toMatchObject({ amount_reversed: 1_000, reversed: true });
    await expect(client.transfers.createReversal(transfer.id, { amount: 1 })).rejects.toMatchObject({ statusCode: 400 });
    await fetch(`${sandbox.url}/sandbox/payouts/${payout.id}/fail`, { method: "POST" });
    expect((await client.payouts.retrieve(payout.id)).status).toBe("failed");
    await new Promise((r) => setTimeout(r, 200));
    expect(received.map((e) => e.type)).toEqual(["payout.paid", "transfer.created", "payout.failed"]);
  });
});

describe("money out to a member's Express payout account", () => {
  it("lists transfers by group and payouts per account, and records the platform's balance transactions with Connect's fees", async () => {
    const account = await client.accounts.create({ type: "express", business_type: "individual", capabilities: { transfers: { requested: true } }, metadata: { boomerangUserId: "u-1" } });
    expect(account).toMatchObject({ type: "express", payouts_enabled: false });
    const transfer = await client.transfers.create({ amount: 2_000, currency: "eur", destination: account.id, transfer_group: "withdrawal:w-payout-account", metadata: { withdrawalId: "w-payout-account" } });
    expect((await client.transfers.list({ transfer_group: "withdrawal:w-payout-account" })).data.map((t) => t.id)).toEqual([transfer.id]);
    const payout = await client.payouts.create({ amount: 2_000, currency: "eur", metadata: { withdrawalId: "w-payout-account" } }, { stripeAccount: account.id });
    expect((await client.payouts.list({ limit: 10 }, { stripeAccount: account.id })).data.map((p) => p.id)).toEqual([payout.id]);
    expect((await client.payouts.list({ limit: 10 })).data.map((p) => p.id)).not.toContain(payout.id);

    const fees = (await client.balanceTransactions.list({ type: "stripe_fee", limit: 100 })).data.filter((bt) => bt.source === payout.id || bt.source === account.id);
    // 0.25 % of €20.00 = 5 cents + €0.10; and €2.00 for the account's first payout of the month.
    expect(fees.map((bt) => bt.amount).sort((a, b) => a - b)).toEqual([-200, -15]);
    await client.transfers.createReversal(transfer.id, { amount: 500 });
    const moves = (await client.balanceTransactions.list({ limit: 100, expand: ["data.source"] })).data.filter((bt) => bt.type === "transfer" || bt.type === "transfer_refund");
    const mine = moves.filter((bt) => {
      const source = bt.source as { object?: string; id?: string; transfer?: string } | null;
      return source?.id === transfer.id || source?.transfer === transfer.id;
    });
    expect(mine.map((bt) => bt.amount).sort((a, b) => a - b)).toEqual([-2_000, 500]);
  });
});
