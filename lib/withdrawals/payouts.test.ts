import { randomUUID } from "node:crypto";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { memberBalances } from "@/lib/ledger";
import { PLAID_TEST_URL } from "@/lib/plaid/test-plaid";
import { decodeForm, type FormObject } from "@/lib/sandbox/stripe/form";
import { anEvent, deliver, WEBHOOK_SECRET } from "@/lib/stripe/test-support";
import { confirmWithdrawal } from "./confirm-withdrawal";
import { requestWithdrawal } from "./request-withdrawal";
import { listHistory } from "@/lib/members/list-history";
import { sendDuePayouts } from "./send-payouts";
import { LIMITS, setup } from "./test-support";

const API = "https://api.stripe.com/v1";
type Call = { path: string; body: FormObject; idempotencyKey: string | null; stripeAccount: string | null };
const calls: Call[] = [];
const payouts = new Map<string, Record<string, unknown>>();
const transfers = new Map<string, { id: string; object: "transfer"; amount: number; amount_reversed: number; currency: unknown; destination: unknown; transfer_group: unknown }>();
let refuseAccounts = false;
let refusePayouts = false;
let stripeDown = false;
let reversalsDown = false;
const sid = (p: string) => `${p}_${randomUUID().replace(/-/g, "").slice(0, 16)}`;

async function record(request: Request): Promise<FormObject> {
  const body = decodeForm(await request.text());
  calls.push({ path: new URL(request.url).pathname, body, idempotencyKey: request.headers.get("idempotency-key"), stripeAccount: request.headers.get("stripe-account") });
  return body;
}

const server = setupServer(
  http.post(`${PLAID_TEST_URL}/processor/stripe/bank_account_token/create`, async ({ request }) => {
    const body = (await request.json()) as { access_token?: string; account_id?: string };
    calls.push({ path: "/plaid/processor/stripe/bank_account_token/create", body: { access_token: body.access_token ?? "", account_id: body.account_id ?? "" }, idempotencyKey: null, stripeAccount: null });
    return HttpResponse.json({ stripe_bank_account_token: sid("btok"), request_id: "r1" });
  }),
  http.post(`${API}/accounts`, async ({ request }) => {
    await record(request);
    if (refuseAccounts) return HttpResponse.json({ error: { type: "invalid_request_error", message: "This bank account cannot receive payouts." } }, { status: 400 });
    return HttpResponse.json({ id: sid("acct"), object: "account", type: "custom" });
  }),
  http.post(`${API}/transfers`, async ({ request }) => {
    const body = await record(request);
    if (stripeDown) return HttpResponse.json({ error: { type: "api_error", message: "Stripe is having a moment" } }, { status: 500 });
    const transfer = { id: sid("tr"), object: "transfer" as const, amount: Number(body.amount), amount_reversed: 0, currency: body.currency, destination: body.destination, transfer_group: body.transfer_group };
    transfers.set(transfer.id, transfer);
    return HttpResponse.json(transfer);
  }),
  http.get(`${API}/transfers`, ({ request }) => {
    const group = new URL(request.url).searchParams.get("transfer_group");
    return HttpResponse.json({ object: "list", url: "/v1/transfers", has_more: false, data: [...transfers.values()].filter((t) => t.transfer_group === group) });
  }),
  http.post(`${API}/transfers/:id/reversals`, async ({ request, params }) => {
    const body = await record(request);
    if (reversalsDown) return HttpResponse.json({ error: { type: "api_error", message: "Stripe is having a moment" } }, { status: 500 });
    const transfer = transfers.get(String(params.id));
    if (!transfer) return HttpResponse.json({ error: { type: "invalid_request_error", message: "No such transfer" } }, { status: 404 });
    transfer.amount_reversed += Number(body.amount);
    return HttpResponse.json({ id: sid("trr"), object: "transfer_reversal", amount: Number(body.amount), transfer: transfer.id });
  }),
  http.post(`${API}/payouts`, async ({ request }) => {
    const body = await record(request);
    if (refusePayouts) return HttpResponse.json({ error: { type: "invalid_request_error", message: "Payouts are not enabled on this account." } }, { status: 400 });
    const metadata = (body.metadata ?? {}) as Record<string, string>;
    const payout = { id: sid("po"), object: "payout", amount: Number(body.amount), currency: body.currency, status: "in_transit", metadata, failure_message: null };
    payouts.set(payout.id, payout);
    return HttpResponse.json(payout);
  }),
  http.get(`${API}/payouts/:id`, ({ params }) => {
    const payout = payouts.get(String(params.id));
    return payout ? HttpResponse.json(payout) : HttpResponse.json({ error: { type: "invalid_request_error", message: "No such payout" } }, { status: 404 });
  }),
);

beforeAll(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_boomerang_msw";
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.PLAID_SANDBOX_URL = PLAID_TEST_URL;
  delete process.env.PLAID_CLIENT_ID;
  delete process.env.PLAID_SECRET;
  server.listen({ onUnhandledRequest: "error" });
});
afterEach(() => {
  calls.length = 0;
  refuseAccounts = false;
  refusePayouts = false;
  stripeDown = false;
  reversalsDown = false;
});
afterAll(() => server.close());

/** A confirmed withdrawal of €20.00 from €50.00 available, waiting for its payout. */
async function confirmed(amountMinor = 2_000n) {
  const s = await setup(5_000n);
  const { withdrawal, confirmUrl } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor, limits: LIMITS });
  await confirmWithdrawal(db, { userId: s.userId, token: new URL(confirmUrl).searchParams.get("token") ?? "" });
  return { s, id: withdrawal.id };
}
const withdrawal = (id: string) => db.withdrawal.findUniqueOrThrow({ where: { id } });
const reversals = () => calls.filter((c) => c.path.endsWith("/reversals"));
const transferOf = (id: string) => [...transfers.values()].find((t) => t.transfer_group === `withdrawal:${id}`);
const balances = async (memberId: string) => (await memberBalances(db, [memberId])).get(memberId);

describe("withdrawal payouts through Stripe Connect", () => {
  it("creates the bank destination once, transfers and pays out with keys of the withdrawal, and settles on payout.paid", async () => {
    const { s, id } = await confirmed();
    expect(await sendDuePayouts(db)).toEqual({ sent: 1, failed: 0 });
    expect(calls.map((c) => c.path)).toEqual(["/plaid/processor/stripe/bank_account_token/create", "/v1/accounts", "/v1/transfers", "/v1/payouts"]);
    expect(calls[0]?.body).toEqual({ access_token: "access-sandbox-test", account_id: "acc-checking-1" });
    const destination = (await db.linkedAccount.findUniqueOrThrow({ where: { id: s.accountId } })).payoutDestination;
    expect(destination).toMatch(/^acct_/);
    expect(calls[2]).toMatchObject({ body: { amount: "2000", currency: "eur", destination }, idempotencyKey: `withdrawal:${id}:transfer` });
    expect(calls[3]).toMatchObject({ body: { amount: "2000", currency: "eur", metadata: { withdrawalId: id } }, idempotencyKey: `withdrawal:${id}:payout`, stripeAccount: destination });
    const { payoutId } = await withdrawal(id);
    expect(payoutId).toMatch(/^po_/);

    // Nothing is sent twice.
    calls.length = 0;
    expect(await sendDuePayouts(db)).toEqual({ sent: 0, failed: 0 });
    expect(calls).toEqual([]);

    // The bank confirms: the held money leaves the member's balance, once.
    const payout = payouts.get(payoutId ?? "");
    if (payout) payout.status = "paid";
    const event = anEvent("payout.paid", payout ?? {});
    expect((await deliver(event)).json).toMatchObject({ status: "processed" });
    expect((await deliver(event)).json).toMatchObject({ status: "duplicate" });
    expect((await withdrawal(id)).status).toBe("PAID");
    expect(await balances(s.memberId)).toMatchObject({ available: 3_000n, held: 0n });
  });

  it("settles from the payout's metadata when the webhook beats the stored payout id, and returns the money on payout.failed", async () => {
    const { s, id } = await confirmed();
    await sendDuePayouts(db);
    const payoutId = (await withdrawal(id)).payoutId ?? "";
    await db.withdrawal.update({ where: { id }, data: { payoutId: null } });
    const payout = payouts.get(payoutId);
    if (payout) Object.assign(payout, { status: "failed", failure_message: "account closed" });
    // The event's own payload says paid; the handler trusts Stripe's current state.
    expect((await deliver(anEvent("payout.failed", { ...payout, status: "paid" }))).status).toBe(200);
    expect(await withdrawal(id)).toMatchObject({ status: "FAILED", payoutId, failureReason: "account closed" });
    expect(await balances(s.memberId)).toMatchObject({ available: 5_000n, held: 0n });
  });

  it("gives the money back when the bank account is refused, and retries later when Stripe is down", async () => {
    const refused = await confirmed();
    refuseAccounts = true;
    expect(await sendDuePayouts(db)).toEqual({ sent: 0, failed: 1 });
    expect(await withdrawal(refused.id)).toMatchObject({ status: "FAILED", failureReason: expect.stringContaining("cannot receive payouts") });
    expect(await balances(refused.s.memberId)).toMatchObject({ available: 5_000n, held: 0n });

    refuseAccounts = false;
    const later = await confirmed();
    stripeDown = true;
    await expect(sendDuePayouts(db)).rejects.toThrow();
    expect(await withdrawal(later.id)).toMatchObject({ status: "PROCESSING", payoutId: null });
    stripeDown = false;
    calls.length = 0;
    expect(await sendDuePayouts(db)).toEqual({ sent: 1, failed: 0 });
    // The destination made on the first try is reused; the transfer is retried under the same key.
    expect(calls.map((c) => c.path)).toEqual(["/v1/transfers", "/v1/payouts"]);
    expect(calls[0]?.idempotencyKey).toBe(`withdrawal:${later.id}:transfer`);
  });

  it("takes the transfer back from the member's connected account when the payout fails, once", async () => {
    const { s: setup, id } = await confirmed();
    await sendDuePayouts(db);
    const payoutId = (await withdrawal(id)).payoutId ?? "";
    const payout = payouts.get(payoutId);
    if (payout) Object.assign(payout, { status: "failed", failure_message: "account closed" });
    const transfer = transferOf(id);
    expect(transfer?.amount_reversed).toBe(0);

    expect((await deliver(anEvent("payout.failed", payout ?? {}))).json).toMatchObject({ status: "processed" });
    expect(reversals()).toEqual([expect.objectContaining({ path: `/v1/transfers/${transfer?.id}/reversals`, body: expect.objectContaining({ amount: "2000" }), idempotencyKey: `withdrawal:${id}:reversal:${transfer?.id}` })]);
    expect(transfer?.amount_reversed).toBe(2_000);
    expect(await withdrawal(id)).toMatchObject({ status: "FAILED" });
    expect(await balances(setup.memberId)).toMatchObject({ available: 5_000n, held: 0n });

    // Stripe tells us again under another event id: nothing is left to take back, nothing moves.
    expect((await deliver(anEvent("payout.failed", payout ?? {}))).json).toMatchObject({ status: "processed" });
    expect(reversals()).toHaveLength(1);
    expect(await balances(setup.memberId)).toMatchObject({ available: 5_000n, held: 0n });
  });

  it("does not give the money back while the transfer cannot be taken back: Stripe's redelivery settles it", async () => {
    const { s: setup, id } = await confirmed();
    await sendDuePayouts(db);
    const payout = payouts.get((await withdrawal(id)).payoutId ?? "");
    if (payout) Object.assign(payout, { status: "failed", failure_message: "account closed" });
    const event = anEvent("payout.failed", payout ?? {});

    reversalsDown = true;
    expect((await deliver(event)).status).toBe(503);
    expect(await withdrawal(id)).toMatchObject({ status: "PROCESSING" });
    expect(await balances(setup.memberId)).toMatchObject({ available: 3_000n, held: 2_000n });

    reversalsDown = false;
    expect((await deliver(event)).json).toMatchObject({ status: "processed" });
    expect(await withdrawal(id)).toMatchObject({ status: "FAILED" });
    expect(transferOf(id)?.amount_reversed).toBe(2_000);
    expect(await balances(setup.memberId)).toMatchObject({ available: 5_000n, held: 0n });
  });

  it("takes the transfer back when it went through but the payout itself was refused", async () => {
    const { s: setup, id } = await confirmed();
    refusePayouts = true;
    expect(await sendDuePayouts(db)).toEqual({ sent: 0, failed: 1 });
    expect(transferOf(id)).toMatchObject({ amount: 2_000, amount_reversed: 2_000 });
    expect(await withdrawal(id)).toMatchObject({ status: "FAILED", failureReason: expect.stringContaining("Payouts are not enabled") });
    expect(await balances(setup.memberId)).toMatchObject({ available: 5_000n, held: 0n });
  });

  it("gives the money back when the bank returns a payout it had already paid, and takes the transfer back", async () => {
    const { s: setup, id } = await confirmed();
    await sendDuePayouts(db);
    const payout = payouts.get((await withdrawal(id)).payoutId ?? "");
    if (payout) payout.status = "paid";
    expect((await deliver(anEvent("payout.paid", payout ?? {}))).json).toMatchObject({ status: "processed" });
    expect(await withdrawal(id)).toMatchObject({ status: "PAID" });
    expect(await balances(setup.memberId)).toMatchObject({ available: 3_000n, held: 0n });

    // Days later the bank sends it back; Stripe marks the payout failed.
    if (payout) Object.assign(payout, { status: "failed", failure_message: "account closed" });
    const returned = anEvent("payout.failed", payout ?? {});
    expect((await deliver(returned)).json).toMatchObject({ status: "processed" });
    expect(await withdrawal(id)).toMatchObject({ status: "FAILED", failureReason: "account closed" });
    expect(await balances(setup.memberId)).toMatchObject({ available: 5_000n, held: 0n });
    expect(transferOf(id)?.amount_reversed).toBe(2_000);
    // Told again: nothing moves twice.
    expect((await deliver(anEvent("payout.failed", payout ?? {}))).json).toMatchObject({ status: "processed" });
    expect(await balances(setup.memberId)).toMatchObject({ available: 5_000n, held: 0n });
    expect(reversals()).toHaveLength(1);
    // The member's history says what happened.
    const history = await listHistory(setup.userId, {}, 10);
    expect(history.lines).toContainEqual(expect.objectContaining({ type: "movement", kind: "WITHDRAW_RETURN", label: "Withdrawal returned by the bank", amountMinor: "2000" }));
  });
});
