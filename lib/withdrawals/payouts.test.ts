import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { memberBalances } from "@/lib/ledger";
import { decodeForm, type FormObject } from "@/dev/sandbox/stripe/form";
import { fakePlaid, PLAID_TEST_URL } from "@/tests/support/plaid";
import { anEvent, deliver, fakeStripe, WEBHOOK_SECRET } from "@/tests/support/stripe";
import { confirmWithdrawal } from "./confirm-withdrawal";
import { requestWithdrawal } from "./request-withdrawal";
import { listHistory } from "@/lib/members/list-history";
import { sendDuePayouts } from "./send-payouts";
import { LIMITS, setup } from "@/tests/support/withdrawals";

const API = "https://api.stripe.com/v1";
type Call = { path: string; body: FormObject; idempotencyKey: string | null; stripeAccount: string | null };
const calls: Call[] = [];
const { fake: stripe } = fakeStripe();
const plaid = fakePlaid();
const payouts = stripe.payouts;
const transfers = stripe.transfers;
let refuseAccounts = false;
let refusePayouts = false;
let stripeDown = false;
let reversalsDown = false;

const refused = (message: string) => HttpResponse.json({ error: { type: "invalid_request_error", message } }, { status: 400 });
const down = () => HttpResponse.json({ error: { type: "api_error", message: "Stripe is having a moment" } }, { status: 500 });

// The sandboxes answer; this layer records what was sent (refused or not) and plays the refusals and outages.
const server = setupServer(
  http.all(`${PLAID_TEST_URL}/*`, async ({ request }) => {
    const response = await plaid.handle(request);
    const sent = plaid.calls.at(-1);
    if (sent) calls.push({ path: `/plaid${sent.path}`, body: { access_token: String(sent.body.access_token), account_id: String(sent.body.account_id) }, idempotencyKey: null, stripeAccount: null });
    return response;
  }),
  http.all(`${API}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname;
    if (request.method !== "POST") return stripe.handle(request);
    calls.push({ path, body: decodeForm(await request.clone().text()), idempotencyKey: request.headers.get("idempotency-key"), stripeAccount: request.headers.get("stripe-account") });
    if (path === "/v1/accounts" && refuseAccounts) return refused("This bank account cannot receive payouts.");
    if (path === "/v1/transfers" && stripeDown) return down();
    if (path.endsWith("/reversals") && reversalsDown) return down();
    if (path === "/v1/payouts" && refusePayouts) return refused("Payouts are not enabled on this account.");
    return stripe.handle(request);
  }),
);

beforeAll(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_boomerang_msw";
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.PLAID_SANDBOX_URL = PLAID_TEST_URL;
  delete process.env.PLAID_CLIENT_ID;
  delete process.env.PLAID_SECRET;
  // The bank account of every withdrawal test's linked account (tests/support/withdrawals).
  plaid.newItem({ accessToken: "access-sandbox-test", accountId: "acc-checking-1" });
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
