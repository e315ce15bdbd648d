import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { balance, platformAccount, reconcile } from "@/lib/ledger";
import { anEvent, deliver, withFakeStripe } from "@/tests/support/stripe";
import { LIMITS, setup } from "@/tests/support/withdrawals";
import { confirmWithdrawal } from "./confirm-withdrawal";
import { payoutFeeMinor } from "./payout-costs";
import { requestWithdrawal } from "./request-withdrawal";
import { sendDuePayouts } from "./send-payouts";
import { settlePaidWithdrawals } from "./settle-paid-withdrawals";

// Its own file: the reconcile compares every withdrawal and fee with everything the fake Stripe holds.
const { fake: stripe } = withFakeStripe();
const payouts = stripe.payouts;
const withdrawal = (id: string) => db.withdrawal.findUniqueOrThrow({ where: { id } });
const transferOf = (id: string) => [...stripe.transfers.values()].find((t) => t.transfer_group === `withdrawal:${id}`);

async function confirmed(amountMinor: bigint) {
  const s = await setup(5_000n);
  const { withdrawal: w, confirmUrl } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor, limits: LIMITS });
  await confirmWithdrawal(db, { userId: s.userId, token: new URL(confirmUrl).searchParams.get("token") ?? "" });
  return { s, id: w.id };
}

describe("Stripe's payout fee per currency (documented pricing, half up)", () => {
  it("is 0.25 % plus the fixed fee of the currency", () => {
    expect(payoutFeeMinor(2_000n, "EUR")).toBe(15n); // 5 + 10
    expect(payoutFeeMinor(2_500n, "EUR")).toBe(16n); // 6.25 → 6, + 10
    expect(payoutFeeMinor(1_000n, "USD")).toBe(28n); // 2.5 → 3, + 25
    expect(payoutFeeMinor(1_000n, "GBP")).toBe(13n); // 2.5 → 3, + 10
    expect(payoutFeeMinor(1_500n, "CAD")).toBe(29n); // 3.75 → 4, + 25
  });
});

describe("payout costs and the reconcile against Stripe's balance transactions", () => {
  const costs = () => balance(db, platformAccount("PLATFORM_PAYOUT_COSTS", "EUR"));
  const paid = async (id: string) => {
    const payout = payouts.get((await withdrawal(id)).payoutId ?? "");
    expect((await deliver(anEvent("payout.paid", payout ?? {}))).json).toMatchObject({ status: "processed" });
  };

  it("posts Stripe's payout fee per payout and the active-account fee once a month, and they match Stripe's fees", async () => {
    const before = await costs();
    const { s, id } = await confirmed(2_000n);
    await sendDuePayouts(db);
    await paid(id);
    // €20.00: 0.25 % = 5 cents (half up) + €0.10 = €0.15, and €2.00 for the account's first payout this month.
    expect(before - (await costs())).toBe(15n + 200n);
    // Delivered again: nothing posted twice.
    await paid(id);
    expect(before - (await costs())).toBe(215n);

    // A second withdrawal of the same member in the same month: €25.00 → 6.25 → 6 cents + €0.10, no account fee.
    const { withdrawal: second, confirmUrl } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: 2_500n, limits: LIMITS });
    await confirmWithdrawal(db, { userId: s.userId, token: new URL(confirmUrl).searchParams.get("token") ?? "" });
    await sendDuePayouts(db);
    await paid(second.id);
    expect(before - (await costs())).toBe(215n + 16n);
  });

  it("reconciles payouts clearing, each transfer and the payout costs against Stripe, and names a difference", async () => {
    const stripeChecks = async () => (await reconcile(db, { funding: true, stripe: true })).discrepancies.filter((d) => d.check.startsWith("stripe_"));
    const { id } = await confirmed(2_000n);
    await sendDuePayouts(db);
    await paid(id);
    expect(await stripeChecks()).toEqual([]);

    // Stripe shows a fee the ledger does not have: named, with both amounts.
    const { payoutId } = await withdrawal(id);
    const fee = [...stripe.balanceTransactions.values()].find((bt) => bt.type === "stripe_fee" && bt.source === payoutId);
    expect(fee).toMatchObject({ amount: -15 });
    const posted = -(await costs());
    stripe.balanceTransactions.set("txn_extra", { ...fee, id: "txn_extra", amount: -7 });
    expect(await stripeChecks()).toEqual([{ check: "stripe_payout_costs", currency: "EUR", posted: String(posted), stripeFees: String(posted + 7n) }]);
    stripe.balanceTransactions.delete("txn_extra");

    // A transfer reversed on Stripe for a withdrawal the ledger says was paid.
    const transfer = transferOf(id);
    stripe.balanceTransactions.set("txn_rev", { id: "txn_rev", object: "balance_transaction", type: "transfer_refund", amount: 2_000, currency: "eur", source: "trr_test", created: 0 });
    stripe.transferReversals.set("trr_test", { id: "trr_test", object: "transfer_reversal", amount: 2_000, transfer: transfer?.id });
    const found = await stripeChecks();
    expect(found).toContainEqual({ check: "stripe_transfer", withdrawalId: id, status: "PAID", transferId: transfer?.id, expected: "2000", stripeNet: "0" });
    expect(found.find((d) => d.check === "stripe_payouts_clearing")).toMatchObject({ currency: "EUR" });
    stripe.balanceTransactions.delete("txn_rev");
    expect(await stripeChecks()).toEqual([]);

    // Past the return window the money leaves clearing: Stripe's transfers for settled withdrawals no longer count.
    expect((await settlePaidWithdrawals(db, { now: new Date(Date.now() + 1_000), windowDays: 0 })).settled).toBeGreaterThan(0);
    expect(await balance(db, platformAccount("PAYOUTS_CLEARING", "EUR"))).toBe(0n);
    expect(await stripeChecks()).toEqual([]);
  });
});
