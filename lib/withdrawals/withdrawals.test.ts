import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DomainError, statusOf } from "@/lib/errors";
import { balance, memberBalances, platformAccount } from "@/lib/ledger";
import { confirmWithdrawal } from "./confirm-withdrawal";
import { cancelWithdrawal, decideWithdrawal } from "./decide-withdrawal";
import { MIN_WITHDRAWAL_MINOR, withdrawalLimits } from "./limits";
import { requestWithdrawal } from "./request-withdrawal";
import { expireUnconfirmedWithdrawals, settleWithdrawal } from "./settle-withdrawal";
import { HOUR, LIMITS, setup, short, type Setup } from "@/tests/support/withdrawals";
import { refusal } from "@/tests/support/refusal";

const ask = (s: Setup, amountMinor: bigint, limits = LIMITS) =>
  requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor, limits });
const balances = async (s: Setup) => (await memberBalances(db, [s.memberId])).get(s.memberId);
const tokenOf = (url: string) => new URL(url).searchParams.get("token") ?? "";

beforeEach(() => {
  process.env.WITHDRAWAL_APPROVAL_ABOVE_MINOR = String(LIMITS.approvalAboveMinor);
});

describe("withdrawals", () => {
  it("holds the amount at request, confirms by e-mail link, captures it when the payout is paid, and returns it if the bank sends it back", async () => {
    const s = await setup(5_000n);
    const { withdrawal, confirmUrl } = await ask(s, 2_000n);
    expect(withdrawal.status).toBe("AWAITING_CONFIRMATION");
    expect(await balances(s)).toMatchObject({ available: 3_000n, held: 2_000n });
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to: { startsWith: "m-" }, subject: { contains: "Confirm your withdrawal of €20.00" } }, orderBy: { createdAt: "desc" } });
    expect(mail.text).toContain(confirmUrl);

    expect(await refusal(confirmWithdrawal(db, { userId: randomUUID(), token: tokenOf(confirmUrl) }))).toMatchObject({ code: "NOT_FOUND" });
    const confirmed = await confirmWithdrawal(db, { userId: s.userId, token: tokenOf(confirmUrl) });
    expect(confirmed.status).toBe("PROCESSING");

    await db.withdrawal.update({ where: { id: withdrawal.id }, data: { payoutId: `po_${short()}` } });
    const { payoutId } = await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id }, select: { payoutId: true } });
    const clearingBefore = await balance(db, platformAccount("PAYOUTS_CLEARING", "EUR"));
    expect((await settleWithdrawal(db, { payoutId: payoutId ?? "", outcome: "paid" }))?.status).toBe("PAID");
    // A second "paid" changes nothing.
    expect((await settleWithdrawal(db, { payoutId: payoutId ?? "", outcome: "paid" }))?.status).toBe("PAID");
    expect(await balances(s)).toMatchObject({ available: 3_000n, held: 0n });
    expect((await balance(db, platformAccount("PAYOUTS_CLEARING", "EUR"))) - clearingBefore).toBe(2_000n);
    // Stripe's current word turning to "failed" after "paid" is the bank sending the money back: it returns, once.
    expect((await settleWithdrawal(db, { payoutId: payoutId ?? "", outcome: "failed", reason: "account closed" }))?.status).toBe("FAILED");
    expect((await settleWithdrawal(db, { payoutId: payoutId ?? "", outcome: "failed", reason: "account closed" }))?.status).toBe("FAILED");
    expect(await balances(s)).toMatchObject({ available: 5_000n, held: 0n });
    expect((await balance(db, platformAccount("PAYOUTS_CLEARING", "EUR"))) - clearingBefore).toBe(0n);
    const kinds = await db.notification.findMany({ where: { userId: s.userId, kind: "WITHDRAWAL" }, orderBy: { id: "asc" }, select: { data: true } });
    expect(kinds.map((n) => (n.data as { status: string }).status)).toEqual(["PROCESSING", "PAID", "FAILED"]);
  });

  it("returns the money when the payout fails", async () => {
    const s = await setup(5_000n);
    const { withdrawal, confirmUrl } = await ask(s, 1_500n);
    await confirmWithdrawal(db, { userId: s.userId, token: tokenOf(confirmUrl) });
    await db.withdrawal.update({ where: { id: withdrawal.id }, data: { payoutId: `po_${short()}` } });
    const w = await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } });
    const failed = await settleWithdrawal(db, { payoutId: w.payoutId ?? "", outcome: "failed", reason: "account closed" });
    expect(failed?.status).toBe("FAILED");
    expect(await balances(s)).toMatchObject({ available: 5_000n, held: 0n });
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } })).failureReason).toBe("account closed");
  });

  it("refuses what the guardrails forbid, changing no balance", async () => {
    const s = await setup(60_000n);
    const before = await balances(s);
    expect(await refusal(ask(s, 999n))).toMatchObject({ code: "VALIDATION", field: "amountMinor", message: "The smallest withdrawal in EUR is €10.00." });
    expect(await refusal(ask(s, 0n))).toMatchObject({ code: "VALIDATION", field: "amountMinor" });
    expect(await refusal(ask(s, 70_000n, { ...LIMITS, dailyMinor: 100_000n, monthlyMinor: 100_000n }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("more than your available") });
    expect(await refusal(ask(s, 50_001n))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("at most €500.00 in 24 hours") });
    expect(await balances(s)).toEqual(before);

    // Limits count what was asked, except cancelled or failed requests.
    await ask(s, 30_000n);
    expect(await refusal(ask(s, 20_001n))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("€200.00 is left") });
    await ask(s, 20_000n);
    const monthly = await refusal(ask(s, 1_000n, { ...LIMITS, dailyMinor: 1_000_000n, monthlyMinor: 50_500n }));
    expect(monthly.message).toContain("in 30 days");

    const other = await setup(5_000n);
    expect(await refusal(requestWithdrawal(db, { userId: s.userId, memberId: other.memberId, linkedAccountId: s.accountId, amountMinor: 1_000n, limits: LIMITS }))).toMatchObject({ code: "NOT_FOUND", field: "memberId" });
    expect(await refusal(requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: other.accountId, amountMinor: 1_000n, limits: LIMITS }))).toMatchObject({ code: "NOT_FOUND", field: "linkedAccountId" });
  });

  it("sets the minimum per currency, from MIN_WITHDRAWAL_MINOR or the environment, and refuses under it with a 400 naming it", async () => {
    expect(MIN_WITHDRAWAL_MINOR).toEqual({ EUR: 1_000n, GBP: 1_000n, USD: 1_000n, CAD: 1_500n });
    const cad = await setup(5_000n, { currency: "CAD" });
    const refused = await refusal(ask(cad, 1_499n, withdrawalLimits()));
    expect(refused).toMatchObject({ code: "VALIDATION", field: "amountMinor", message: "The smallest withdrawal in CAD is CA$15.00." });
    expect(statusOf(refused.code)).toBe(400);
    expect((await ask(cad, 1_500n, withdrawalLimits())).withdrawal).toMatchObject({ amountMinor: 1_500n, currency: "CAD" });

    const usd = await setup(5_000n, { currency: "USD" });
    process.env.WITHDRAWAL_MIN_MINOR_USD = "2500";
    try {
      expect(await refusal(ask(usd, 2_499n, withdrawalLimits()))).toMatchObject({ code: "VALIDATION", message: "The smallest withdrawal in USD is US$25.00." });
      expect((await ask(usd, 2_500n, withdrawalLimits())).withdrawal.currency).toBe("USD");
    } finally {
      delete process.env.WITHDRAWAL_MIN_MINOR_USD;
    }
  });

  it("waits out the cool-down after linking, refuses revoked accounts and points", async () => {
    const fresh = await setup(5_000n, { linkedHoursAgo: 2 });
    expect(await refusal(ask(fresh, 1_000n))).toMatchObject({ code: "CONFLICT", field: "linkedAccountId", message: expect.stringContaining("newly linked account") });
    await db.linkedAccount.update({ where: { id: fresh.accountId }, data: { linkedAt: new Date(Date.now() - 80 * HOUR), status: "REVOKED" } });
    expect(await refusal(ask(fresh, 1_000n))).toMatchObject({ code: "CONFLICT", field: "linkedAccountId" });
    const points = await setup(5_000n, { currency: "PTS" });
    expect(await refusal(ask(points, 1_000n))).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("Points") });
  });

  it("sends large withdrawals to an admin, who approves or rejects with a reason", async () => {
    const s = await setup(60_000n);
    const big = await ask(s, 30_000n);
    expect((await confirmWithdrawal(db, { userId: s.userId, token: tokenOf(big.confirmUrl) })).status).toBe("AWAITING_APPROVAL");
    // A second click on the link changes nothing.
    expect((await confirmWithdrawal(db, { userId: s.userId, token: tokenOf(big.confirmUrl) }).catch((e: DomainError) => e.code))).toBe("NOT_FOUND");
    const admin = await db.user.create({ data: { email: `admin-${short()}@w.test`, passwordHash: "x", isAdmin: true } });
    expect(await refusal(decideWithdrawal(db, { withdrawalId: big.withdrawal.id, adminUserId: admin.id, decision: "reject" }))).toMatchObject({ code: "VALIDATION", field: "reason" });
    const rejected = await decideWithdrawal(db, { withdrawalId: big.withdrawal.id, adminUserId: admin.id, decision: "reject", reason: "unusual activity" });
    expect(rejected.status).toBe("CANCELED");
    expect(await balances(s)).toMatchObject({ available: 60_000n, held: 0n });
    expect(await db.auditLog.count({ where: { action: "withdrawal.reject", targetId: big.withdrawal.id } })).toBe(1);

    const again = await ask(s, 26_000n);
    await confirmWithdrawal(db, { userId: s.userId, token: tokenOf(again.confirmUrl) });
    expect((await decideWithdrawal(db, { withdrawalId: again.withdrawal.id, adminUserId: admin.id, decision: "approve" })).status).toBe("PROCESSING");
    expect(await refusal(decideWithdrawal(db, { withdrawalId: again.withdrawal.id, adminUserId: admin.id, decision: "approve" }))).toMatchObject({ code: "CONFLICT" });
    expect(await refusal(cancelWithdrawal(db, { withdrawalId: again.withdrawal.id, userId: s.userId }))).toMatchObject({ code: "CONFLICT" });
  });

  it("gives the money back when the link expires, and lets the member cancel before it moves", async () => {
    const s = await setup(5_000n);
    const late = await ask(s, 1_000n);
    expect(await refusal(confirmWithdrawal(db, { userId: s.userId, token: tokenOf(late.confirmUrl), now: new Date(Date.now() + 31 * 60_000) }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("expired") });
    expect(await balances(s)).toMatchObject({ available: 5_000n, held: 0n });

    const forgotten = await ask(s, 1_000n);
    expect((await expireUnconfirmedWithdrawals(db, new Date(Date.now() + 31 * 60_000))).expired).toBeGreaterThanOrEqual(1);
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: forgotten.withdrawal.id } })).status).toBe("CANCELED");
    const mine = await ask(s, 2_000n);
    expect(await refusal(cancelWithdrawal(db, { withdrawalId: mine.withdrawal.id, userId: randomUUID() }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await cancelWithdrawal(db, { withdrawalId: mine.withdrawal.id, userId: s.userId })).status).toBe("CANCELED");
    expect(await balances(s)).toMatchObject({ available: 5_000n, held: 0n });
  });

  it("lets only one of two racing withdrawals of the whole balance through", async () => {
    const s = await setup(4_000n);
    const results = await Promise.allSettled([ask(s, 4_000n), ask(s, 4_000n), ask(s, 3_000n)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "CONFLICT" });
    const b = await balances(s);
    expect((b?.available ?? 0n) + (b?.held ?? 0n)).toBe(4_000n);
    expect(b?.available).toBeGreaterThanOrEqual(0n);
  });
});
