import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { memberBalances } from "@/lib/ledger";
import { decodeForm, type FormObject } from "@/dev/sandbox/stripe/form";
import { anEvent, deliver, fakeStripe, WEBHOOK_SECRET } from "@/tests/support/stripe";
import { confirmWithdrawal } from "./confirm-withdrawal";
import { requestWithdrawal } from "./request-withdrawal";
import { listHistory } from "@/lib/members/list-history";
import { sendDuePayouts } from "./send-payouts";
import { startPayoutOnboarding } from "./payout-account";
import { LIMITS, setup } from "@/tests/support/withdrawals";

const API = "https://api.stripe.com/v1";
type Call = { path: string; body: FormObject; idempotencyKey: string | null; stripeAccount: string | null };
const calls: Call[] = [];
const { fake: stripe } = fakeStripe();
const payouts = stripe.payouts;
const transfers = stripe.transfers;
let refuseTransfers = false;
let refusePayouts = false;
let stripeDown = false;
let payoutsDown = false;
let reversalsDown = false;

const refused = (message: string) => HttpResponse.json({ error: { type: "invalid_request_error", message } }, { status: 400 });
const down = () => HttpResponse.json({ error: { type: "api_error", message: "Stripe is having a moment" } }, { status: 500 });

// The sandboxes answer; this layer records what was sent (refused or not) and plays the refusals and outages.
const server = setupServer(
  http.all(`${API}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname;
    if (request.method !== "POST") return stripe.handle(request);
    calls.push({ path, body: decodeForm(await request.clone().text()), idempotencyKey: request.headers.get("idempotency-key"), stripeAccount: request.headers.get("stripe-account") });
    if (path === "/v1/transfers" && refuseTransfers) return refused("Your destination account needs to have at least one of the following capabilities enabled: transfers.");
    if (path === "/v1/transfers" && stripeDown) return down();
    if (path === "/v1/payouts" && payoutsDown) return down();
    if (path.endsWith("/reversals") && reversalsDown) return down();
    if (path === "/v1/payouts" && refusePayouts) return refused("Payouts are not enabled on this account.");
    return stripe.handle(request);
  }),
);

beforeAll(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_boomerang_msw";
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.APP_URL = "https://boomerang.example";
  server.listen({ onUnhandledRequest: "error" });
});
afterEach(() => {
  calls.length = 0;
  refuseTransfers = false;
  refusePayouts = false;
  payoutsDown = false;
  stripeDown = false;
  reversalsDown = false;
});
afterAll(() => server.close());

/** A confirmed withdrawal of €20.00 from €50.00 available, waiting for its payout. */
async function confirmed(amountMinor = 2_000n, opts: Parameters<typeof setup>[1] = {}) {
  const s = await setup(5_000n, opts);
  const { withdrawal, confirmUrl } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor, limits: LIMITS });
  await confirmWithdrawal(db, { userId: s.userId, token: new URL(confirmUrl).searchParams.get("token") ?? "" });
  return { s, id: withdrawal.id };
}
const withdrawal = (id: string) => db.withdrawal.findUniqueOrThrow({ where: { id } });
const reversals = () => calls.filter((c) => c.path.endsWith("/reversals"));
const transferOf = (id: string) => [...transfers.values()].find((t) => t.transfer_group === `withdrawal:${id}`);
const balances = async (memberId: string) => (await memberBalances(db, [memberId])).get(memberId);

describe("withdrawal payouts through Stripe Connect", () => {
  it("transfers to the member's payout account and pays out with keys of the withdrawal, and settles on payout.paid", async () => {
    const { s, id } = await confirmed();
    expect(await sendDuePayouts(db)).toEqual({ sent: 1, failed: 0 });
    expect(calls.map((c) => c.path)).toEqual(["/v1/transfers", "/v1/payouts"]);
    const destination = (await db.memberPayoutAccount.findUniqueOrThrow({ where: { userId: s.userId } })).stripeAccountId;
    expect(calls[0]).toMatchObject({ body: { amount: "2000", currency: "eur", destination, transfer_group: `withdrawal:${id}` }, idempotencyKey: `withdrawal:${id}:transfer` });
    expect(calls[1]).toMatchObject({ body: { amount: "2000", currency: "eur", metadata: { withdrawalId: id } }, idempotencyKey: `withdrawal:${id}:payout`, stripeAccount: destination });
    const { payoutId, transferId } = await withdrawal(id);
    expect(payoutId).toMatch(/^po_/);
    expect(transferId).toBe(transferOf(id)?.id);

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

  it("gives the money back when the payout account is refused, and retries later when Stripe is down", async () => {
    const refused = await confirmed();
    refuseTransfers = true;
    expect(await sendDuePayouts(db)).toEqual({ sent: 0, failed: 1 });
    expect(await withdrawal(refused.id)).toMatchObject({ status: "FAILED", failureReason: expect.stringContaining("capabilities enabled: transfers") });
    expect(await balances(refused.s.memberId)).toMatchObject({ available: 5_000n, held: 0n });

    refuseTransfers = false;
    const later = await confirmed();
    stripeDown = true;
    await expect(sendDuePayouts(db)).rejects.toThrow();
    expect(await withdrawal(later.id)).toMatchObject({ status: "PROCESSING", payoutId: null });
    stripeDown = false;
    calls.length = 0;
    expect(await sendDuePayouts(db)).toEqual({ sent: 1, failed: 0 });
    // The transfer is retried under the same key.
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

describe("one Stripe Express payout account per member, onboarded on Stripe's hosted pages", () => {
  it("a first withdrawal waits as 'Finish payout set-up' until account.updated says payouts are enabled, then goes out to that account", async () => {
    const { s, id } = await confirmed(2_000n, { payoutAccount: false });
    expect(await withdrawal(id)).toMatchObject({ status: "AWAITING_PAYOUT_SETUP" });
    // Nothing is sent while the member has no account Stripe can pay out to.
    expect(await sendDuePayouts(db)).toEqual({ sent: 0, failed: 0 });
    expect(calls).toEqual([]);

    const first = await startPayoutOnboarding(db, s.userId);
    expect(first.url).toMatch(/^https:\/\/connect\.stripe\.com\/setup\//);
    const account = stripe.accounts.get(first.accountId);
    expect(account).toMatchObject({ type: "express", payouts_enabled: false, metadata: { boomerangUserId: s.userId } });
    const create = calls.find((c) => c.path === "/v1/accounts");
    expect(create).toMatchObject({ body: { type: "express", business_type: "individual", capabilities: { transfers: { requested: "true" } } }, idempotencyKey: `boomerang-payout-account:${s.userId}` });
    expect(create?.body.external_account).toBeUndefined(); // the bank is Stripe's to collect, with identity and terms
    const link = calls.find((c) => c.path === "/v1/account_links");
    expect(link?.body).toMatchObject({ account: first.accountId, type: "account_onboarding", return_url: "https://boomerang.example/wallet/withdraw?stripe=return" });

    // Asking again (a second withdrawal, another bank account) reuses the same account: one per member.
    const again = await startPayoutOnboarding(db, s.userId);
    expect(again.accountId).toBe(first.accountId);
    expect(calls.filter((c) => c.path === "/v1/accounts")).toHaveLength(1);

    // Onboarding left half-way: still waiting.
    expect((await deliver(anEvent("account.updated", account ?? {}))).json).toMatchObject({ status: "processed" });
    expect(await withdrawal(id)).toMatchObject({ status: "AWAITING_PAYOUT_SETUP" });

    // Stripe enables payouts; the event's payload is not trusted, the account is re-read.
    if (account) Object.assign(account, { payouts_enabled: true, details_submitted: true });
    expect((await deliver(anEvent("account.updated", { ...account, payouts_enabled: false }))).json).toMatchObject({ status: "processed" });
    expect(await withdrawal(id)).toMatchObject({ status: "PROCESSING" });
    const notified = await db.notification.findMany({ where: { userId: s.userId, kind: "WITHDRAWAL" }, orderBy: { createdAt: "asc" } });
    expect(notified.map((n) => (n.data as { status: string }).status)).toEqual(["AWAITING_PAYOUT_SETUP", "PROCESSING"]);

    calls.length = 0;
    expect(await sendDuePayouts(db)).toEqual({ sent: 1, failed: 0 });
    expect(calls[0]).toMatchObject({ path: "/v1/transfers", body: { destination: first.accountId, amount: "2000" } });
    expect(calls[1]).toMatchObject({ path: "/v1/payouts", stripeAccount: first.accountId });
  });

  it("a withdrawal queued without a ready payout account is put back to wait for the set-up, not sent", async () => {
    const { s, id } = await confirmed();
    await db.memberPayoutAccount.update({ where: { userId: s.userId }, data: { payoutsEnabled: false } });
    expect(await sendDuePayouts(db)).toEqual({ sent: 0, failed: 0 });
    expect(calls).toEqual([]);
    expect(await withdrawal(id)).toMatchObject({ status: "AWAITING_PAYOUT_SETUP", payoutId: null });
  });
});

describe("a retry after Stripe forgot the idempotency keys (more than 24 hours later) pays once", () => {
  it("finds the transfer already made for the withdrawal and does not transfer again", async () => {
    const { s, id } = await confirmed();
    payoutsDown = true;
    await expect(sendDuePayouts(db)).rejects.toThrow();
    expect([...transfers.values()].filter((t) => t.transfer_group === `withdrawal:${id}`)).toHaveLength(1);
    expect(await withdrawal(id)).toMatchObject({ status: "PROCESSING", payoutId: null, transferId: transferOf(id)?.id });

    // A day later: Stripe has forgotten `withdrawal:<id>:transfer`, so the key alone would pay twice.
    stripe.forgetIdempotencyKeys();
    payoutsDown = false;
    calls.length = 0;
    expect(await sendDuePayouts(db)).toEqual({ sent: 1, failed: 0 });
    expect(calls.map((c) => c.path)).toEqual(["/v1/payouts"]);
    expect([...transfers.values()].filter((t) => t.transfer_group === `withdrawal:${id}`)).toHaveLength(1);
    const destination = (await db.memberPayoutAccount.findUniqueOrThrow({ where: { userId: s.userId } })).stripeAccountId;
    expect([...payouts.values()].filter((p) => (p.metadata as { withdrawalId?: string }).withdrawalId === id)).toHaveLength(1);

    // And once more (the payout id not stored yet, keys forgotten): the payout found on the account is reused.
    await db.withdrawal.update({ where: { id }, data: { payoutId: null } });
    stripe.forgetIdempotencyKeys();
    calls.length = 0;
    expect(await sendDuePayouts(db)).toEqual({ sent: 1, failed: 0 });
    expect(calls).toEqual([]);
    expect([...payouts.values()].filter((p) => (p.metadata as { withdrawalId?: string }).withdrawalId === id && p._account === destination)).toHaveLength(1);
  });
});
