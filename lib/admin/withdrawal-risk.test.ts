import { describe, expect, it } from "vitest";
import { createActionBuilders } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { reviewReward } from "@/lib/rewards/review-reward";
import { cancelWithdrawal } from "@/lib/withdrawals/decide-withdrawal";
import { confirmWithdrawal } from "@/lib/withdrawals/confirm-withdrawal";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { settlePaidWithdrawals } from "@/lib/withdrawals/settle-paid-withdrawals";
import { settleWithdrawal } from "@/lib/withdrawals/settle-withdrawal";
import { LIMITS, setup, short } from "@/tests/support/withdrawals";
import { ownerAdjustment } from "./adjust-member-balance";
import { createAdminActions } from "./admin-actions";
import { listRiskReview } from "./list-risk-review";
import { listWithdrawalHistory, withdrawalRisk } from "./withdrawal-risk";

const OPEN = { ...LIMITS, cooldownHours: 0, dailyMinor: 1_000_000n, monthlyMinor: 1_000_000n };
const tokenOf = (url: string) => new URL(url).searchParams.get("token") ?? "";

async function adminUser() {
  const admin = await db.user.create({ data: { email: `admin-${short()}@example.test`, passwordHash: "x", isAdmin: true } });
  return createAdminActions(createActionBuilders(async () => ({ id: admin.id, email: admin.email, name: null, roles: { admin: true, staff: [] } })));
}

async function withdraw(s: { userId: string; memberId: string; accountId: string }, amountMinor: bigint) {
  const { withdrawal, confirmUrl } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor, limits: OPEN });
  await confirmWithdrawal(db, { userId: s.userId, token: tokenOf(confirmUrl) });
  return withdrawal.id;
}

describe("a withdrawal awaiting approval shows how its money was earned, with flags", () => {
  it("funded minutes earlier by a staff-adjusted order and the owner's goodwill, to an account linked that day, by a new member: each is flagged; approving needs a reason", async () => {
    const s = await setup(1_000n, { linkedHoursAgo: 2 }); // €10.00 available from an ordinary order
    const program = await db.program.update({ where: { id: s.programId }, data: { processingMode: "MANUAL" }, select: { providerId: true } });
    const owner = await db.staffMember.findFirstOrThrow({ where: { providerId: program.providerId, role: "OWNER" }, select: { userId: true } });
    // An order the rules reward with €2.10 that the owner approves at €200.00.
    const order = `big-${short()}`;
    const outcome = await recordPurchase(db, { programId: s.programId, source: "WEBHOOK", orderId: order, origin: {}, amountMinor: 2_100n, currency: "EUR", customer: { memberId: s.memberId }, actor: { type: "WEBHOOK" } });
    if (outcome.status !== "accepted" || !outcome.reward) throw new Error("expected a reward");
    await reviewReward(db, { programId: s.programId, rewardId: outcome.reward.id, decision: { action: "approve", amountMinor: 20_000n, reason: "Loyal customer" }, actor: { type: "USER", id: owner.userId } });
    await ownerAdjustment(db, { providerId: program.providerId, memberId: s.memberId, direction: "CREDIT", amountMinor: 10_000n, reason: "Birthday present", ownerUserId: owner.userId });

    const id = await withdraw(s, 30_500n);
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id } })).status).toBe("AWAITING_APPROVAL");

    const [risk] = await withdrawalRisk(db, [id]);
    if (!risk) throw new Error("no risk context");
    // Newest money first: the goodwill, the adjusted order, then €5.00 of the first order.
    expect(risk.funding.map((f) => [f.what, f.creditedMinor, f.drawnMinor])).toEqual([
      ["goodwill", 10_000n, 10_000n],
      ["reward", 20_000n, 20_000n],
      ["reward", 1_000n, 500n],
    ]);
    expect(risk.funding[0]!.description).toContain("Birthday present");
    expect(risk.funding[1]!.description).toContain(order);
    expect(risk.funding[1]!.description).toMatch(/the rules gave €2\.10, owner owner-.* approved €200\.00/);
    expect(risk.unexplainedMinor).toBe(0n);
    expect(risk.flags.map((f) => f.code).sort()).toEqual(["ACCOUNT_LINKED_RECENTLY", "FIRST_WITHDRAWAL", "FUNDED_RECENTLY", "GOODWILL_CREDIT", "NEW_MEMBER", "OWNER_ADJUSTED_ORDER"]);
    expect(risk.flags.find((f) => f.code === "ACCOUNT_LINKED_RECENTLY")?.detail).toContain("linked 2 hours before the request");
    expect(risk.flags.find((f) => f.code === "FUNDED_RECENTLY")?.detail).toMatch(/€305\.00 of €305\.00 became available in the 24 hours before it, the last less than a minute before/);
    // The same context is on the risk review page.
    expect((await listRiskReview(db)).withdrawals.map((w) => w.id)).toContain(id);

    const admin = await adminUser();
    expect(await admin.decideWithdrawal({ withdrawalId: id, decision: "approve", reason: "" })).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "reason" } });
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id } })).status).toBe("AWAITING_APPROVAL");
    expect(await admin.decideWithdrawal({ withdrawalId: id, decision: "approve", reason: "Called the owner: a genuine gift" })).toMatchObject({ ok: true, data: { status: "PROCESSING" } });
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "withdrawal.approve", targetId: id } })).toMatchObject({ reason: "Called the owner: a genuine gift" });
  });

  it("an established member withdrawing to an old account is flagged only as large against their history (and as recently funded)", async () => {
    const s = await setup(60_000n, { linkedHoursAgo: 24 * 30 });
    await db.member.update({ where: { id: s.memberId }, data: { joinedAt: new Date(Date.now() - 90 * 86_400_000) } });
    // An earlier withdrawal of €20.00 was paid.
    const first = await withdraw(s, 2_000n);
    await db.withdrawal.update({ where: { id: first }, data: { payoutId: `po_${short()}` } });
    const { payoutId } = await db.withdrawal.findUniqueOrThrow({ where: { id: first }, select: { payoutId: true } });
    await settleWithdrawal(db, { payoutId: payoutId ?? "", outcome: "paid" });

    const id = await withdraw(s, 30_000n);
    const [risk] = await withdrawalRisk(db, [id]);
    expect(risk?.history).toEqual({ paidCount: 1, largestPaidMinor: 2_000n });
    // The demo order's cashback became available just now (ledger rows cannot be back-dated).
    expect(risk?.flags.map((f) => f.code).sort()).toEqual(["FUNDED_RECENTLY", "LARGE_VS_HISTORY"]);
  });
});

describe("withdrawal history", () => {
  it("lists paid, failed, returned and rejected withdrawals, not a member's own cancellation", async () => {
    const s = await setup(100_000n);
    const settle = async (id: string, outcome: "paid" | "failed") => {
      const payoutId = `po_${short()}`;
      await db.withdrawal.update({ where: { id }, data: { payoutId } });
      await settleWithdrawal(db, { payoutId, outcome, reason: outcome === "failed" ? "account closed" : undefined });
      return payoutId;
    };
    const paid = await withdraw(s, 1_500n);
    await settle(paid, "paid");
    const failed = await withdraw(s, 1_600n);
    await settle(failed, "failed");
    const returned = await withdraw(s, 1_700n);
    const payout = await settle(returned, "paid");
    await settleWithdrawal(db, { payoutId: payout, outcome: "failed", reason: "the bank returned the payout" });
    const rejected = await withdraw(s, 30_000n);
    const admin = await adminUser();
    expect(await admin.decideWithdrawal({ withdrawalId: rejected, decision: "reject", reason: "Could not verify the account holder" })).toMatchObject({ ok: true, data: { status: "CANCELED" } });
    const { withdrawal: cancelled } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: 1_800n, limits: OPEN });
    await cancelWithdrawal(db, { withdrawalId: cancelled.id, userId: s.userId });

    const history = await listWithdrawalHistory(db);
    const mine = new Map(history.map((h) => [h.id, h]));
    const paidRow = mine.get(paid);
    expect(paidRow).toMatchObject({ outcome: "paid", paidAt: expect.any(Date), settledAt: null });
    // Until the return window (10 days by default) has passed, the bank may still send it back.
    expect(paidRow?.returnableUntil?.getTime()).toBe(paidRow!.paidAt!.getTime() + 10 * 24 * 60 * 60 * 1000);
    expect(mine.get(failed)).toMatchObject({ outcome: "failed", reason: "account closed" });
    expect(mine.get(returned)).toMatchObject({ outcome: "returned", reason: "the bank returned the payout" });
    expect(mine.get(rejected)).toMatchObject({ outcome: "rejected", reason: "Could not verify the account holder" });
    expect(mine.has(cancelled.id)).toBe(false);
    // A returned payout is not "paid": no dates of a payout that stands.
    expect(mine.get(returned)).toMatchObject({ paidAt: null, settledAt: null, returnableUntil: null });

    // Past the window the paid one is settled: it can no longer come back.
    await settlePaidWithdrawals(db, { now: new Date(paidRow!.paidAt!.getTime() + 11 * 24 * 60 * 60 * 1000) });
    const after = (await listWithdrawalHistory(db)).find((h) => h.id === paid);
    expect(after).toMatchObject({ outcome: "paid", settledAt: expect.any(Date), returnableUntil: null });
  });
});
