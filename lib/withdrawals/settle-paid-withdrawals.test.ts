import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { db, inTransaction } from "@/lib/db/client";
import { balance, externalAccount, memberBalances, platformAccount, reconcile } from "@/lib/ledger";
import { LIMITS, setup, short, type Setup } from "@/tests/support/withdrawals";
import { confirmWithdrawal } from "./confirm-withdrawal";
import { requestWithdrawal } from "./request-withdrawal";
import { payoutReturnWindowDays, settlePaidWithdrawals } from "./settle-paid-withdrawals";
import { settleWithdrawal } from "./settle-withdrawal";
import { captureWithdrawal, lockWithdrawal } from "./transitions";
import { STRIPE_EXTERNAL } from "./payout-pricing";

const DAY = 24 * 60 * 60 * 1000;
const exec = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  try {
    const { stdout } = await exec(process.execPath, ["scripts/launch.mjs", "boomerang", ...args], { env: process.env });
    return { code: 0, json: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, json: JSON.parse(e.stdout || "{}") as Record<string, unknown> };
  }
}
const clearing = () => balance(db, platformAccount("PAYOUTS_CLEARING", "EUR"));
const stripeExternal = () => balance(db, externalAccount(STRIPE_EXTERNAL, "EUR"));
const books = async () => (await reconcile(db, { funding: true })).discrepancies;

/** A €`amountMinor` withdrawal of a new member, paid out (payout.paid) at `paidAt`. */
async function paidWithdrawal(amountMinor: bigint, paidAt: Date): Promise<{ s: Setup; id: string; payoutId: string }> {
  const s = await setup(5_000n);
  const { withdrawal, confirmUrl } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor, limits: LIMITS });
  await confirmWithdrawal(db, { userId: s.userId, token: new URL(confirmUrl).searchParams.get("token") ?? "" });
  const payoutId = `po_${short()}`;
  await db.withdrawal.update({ where: { id: withdrawal.id }, data: { payoutId } });
  await inTransaction(db, async (tx) => {
    const w = await lockWithdrawal(tx, withdrawal.id);
    if (w?.status !== "PROCESSING") throw new Error(`withdrawal is ${w?.status}`);
    await captureWithdrawal(tx, w, paidAt);
  });
  return { s, id: withdrawal.id, payoutId };
}

afterEach(() => {
  delete process.env.PAYOUT_RETURN_WINDOW_DAYS;
});

describe("settling paid withdrawals after the return window", () => {
  it("keeps a €20.00 payout in clearing for 9 days, settles it to Stripe at 10 days, once", async () => {
    const paidAt = new Date("2026-03-02T10:00:00Z");
    const { id } = await paidWithdrawal(2_000n, paidAt);
    expect(await clearing()).toBe(2_000n);
    const external = await stripeExternal();

    expect(await settlePaidWithdrawals(db, { now: new Date(paidAt.getTime() + 9 * DAY) })).toEqual({ settled: 0 });
    expect(await clearing()).toBe(2_000n);
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id } })).settledAt).toBeNull();

    const tenDays = new Date(paidAt.getTime() + 10 * DAY);
    expect(await settlePaidWithdrawals(db, { now: tenDays })).toEqual({ settled: 1 });
    expect(await clearing()).toBe(0n);
    expect((await stripeExternal()) - external).toBe(2_000n);
    expect(await db.withdrawal.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PAID", settledAt: tenDays });
    // Run again (or by a second worker): nothing settles twice.
    expect(await settlePaidWithdrawals(db, { now: new Date(tenDays.getTime() + DAY) })).toEqual({ settled: 0 });
    expect(await clearing()).toBe(0n);
    expect(await db.ledgerTransaction.count({ where: { idempotencyKey: `withdrawal:${id}:settled` } })).toBe(1);
    expect(await books()).toEqual([]);
  });

  it("gives a return after settlement back to the member from Stripe's side, and the books hold", async () => {
    const paidAt = new Date("2026-04-01T08:00:00Z");
    const { s, id, payoutId } = await paidWithdrawal(2_000n, paidAt);
    expect(await settlePaidWithdrawals(db, { now: new Date(paidAt.getTime() + 10 * DAY) })).toEqual({ settled: 1 });
    const clearingBefore = await clearing();
    const external = await stripeExternal();
    expect((await memberBalances(db, [s.memberId])).get(s.memberId)).toMatchObject({ available: 3_000n, held: 0n });

    expect((await settleWithdrawal(db, { payoutId, outcome: "failed", reason: "account closed" }))?.status).toBe("FAILED");
    expect((await memberBalances(db, [s.memberId])).get(s.memberId)).toMatchObject({ available: 5_000n, held: 0n });
    expect(await clearing()).toBe(clearingBefore);
    expect(external - (await stripeExternal())).toBe(2_000n);
    expect(await db.payoutCharge.findFirstOrThrow({ where: { withdrawalId: id } })).toMatchObject({ chargedBackAt: expect.any(Date) });
    expect(await books()).toEqual([]);
  });

  it("counts the window from PAYOUT_RETURN_WINDOW_DAYS, 10 days unless set", async () => {
    expect(payoutReturnWindowDays()).toBe(10);
    process.env.PAYOUT_RETURN_WINDOW_DAYS = "3";
    expect(payoutReturnWindowDays()).toBe(3);
    const paidAt = new Date("2026-05-04T12:00:00Z");
    const { id } = await paidWithdrawal(1_500n, paidAt);
    expect(await settlePaidWithdrawals(db, { now: new Date(paidAt.getTime() + 3 * DAY - 1) })).toEqual({ settled: 0 });
    expect(await settlePaidWithdrawals(db, { now: new Date(paidAt.getTime() + 3 * DAY) })).toEqual({ settled: 1 });
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id } })).settledAt).not.toBeNull();
    process.env.PAYOUT_RETURN_WINDOW_DAYS = "0";
    expect(() => payoutReturnWindowDays()).toThrow(/PAYOUT_RETURN_WINDOW_DAYS/);
  });

  it("runs from the CLI: withdrawals:settle [--at ISO], refusing a date it cannot read", async () => {
    const paidAt = new Date("2026-06-01T00:00:00Z");
    const { id } = await paidWithdrawal(2_000n, paidAt);
    expect(await cli("withdrawals:settle", "--at", "2026-06-10T23:59:59Z")).toMatchObject({ code: 0, json: { settled: 0 } });
    expect(await cli("withdrawals:settle", "--at", "2026-06-11")).toMatchObject({ code: 0, json: { settled: 1 } });
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id } })).settledAt).toEqual(new Date("2026-06-11T00:00:00Z"));
    expect(await cli("withdrawals:settle", "--at", "next tuesday")).toMatchObject({ code: 1, json: { error: { code: "VALIDATION", message: expect.stringContaining("--at") } } });
    expect(await books()).toEqual([]);
  }, 90_000);
});
