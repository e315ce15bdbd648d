import { describe, expect, it } from "vitest";
import { accrueCommissions } from "@/lib/billing/accrue-commissions";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { balance, capture, hold, memberBalances, providerAccount, reconcile } from "@/lib/ledger";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { getWithdrawPage } from "@/lib/withdrawals/get-withdraw-page";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { LIMITS, setup, short } from "@/tests/support/withdrawals";
import { releaseDueRewards } from "./release-due-rewards";

const actor = { type: "WEBHOOK" } as const;
const available = async (memberId: string) => (await memberBalances(db, [memberId])).get(memberId)?.available ?? 0n;

describe("refunds after the hold period (docs/money-rules.md)", () => {
  it("reverse at once, never let the due amount be withdrawn, recover the rest from the next cashback, and keep commission on what the member was paid", async () => {
    // €10.00 available from a €100.00 order (10 %, no hold); the member spends €8.00 of it at the till.
    const s = await setup(1_000n);
    const { providerId } = await db.program.findUniqueOrThrow({ where: { id: s.programId }, select: { providerId: true } });
    const first = await db.purchase.findFirstOrThrow({ where: { programId: s.programId }, select: { orderId: true } });
    const till = await hold(db, { idempotencyKey: `t:${short()}`, memberId: s.memberId, currency: "EUR", amount: 800n });
    await capture(db, { holdId: till.id, idempotencyKey: `t:${short()}`, to: providerAccount(providerId, "PROVIDER_LIABILITY", "EUR") });
    await accrueCommissions(db); // 5 % of €10.00: €0.50
    expect(await balance(db, providerAccount(providerId, "PROVIDER_FEES_OWED", "EUR"))).toBe(-50n);

    // The whole order is refunded: the €2.00 left is reversed at once (no click), €8.00 stays outstanding.
    await recordRefund(db, { programId: s.programId, source: "WEBHOOK", orderId: first.orderId, refundMinor: 10_000n, refundKey: "r1", eventKeys: ["r1"], actor });
    const refunded = await db.reward.findFirstOrThrow({ where: { purchase: { orderId: first.orderId } } });
    expect(refunded).toMatchObject({ status: "REVERSED", amountMinor: 0n, reversalDueMinor: 0n, reversedMinor: 200n, unrecoveredMinor: 800n });
    expect(await available(s.memberId)).toBe(0n);

    // New cashback of €5.00 arrives (available at once): it is not withdrawable while €8.00 is owed.
    await recordPurchase(db, { programId: s.programId, source: "WEBHOOK", orderId: `o-${short()}`, origin: {}, amountMinor: 5_000n, currency: "EUR", customer: { memberId: s.memberId }, actor });
    expect(await available(s.memberId)).toBe(500n);
    // The withdraw screen offers none of it and says why.
    const screen = (await getWithdrawPage(s.userId)).memberships.find((m) => m.memberId === s.memberId);
    expect(screen).toMatchObject({ availableMinor: 0n, owedBackMinor: 500n });
    const attempt = requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: 500n, limits: { ...LIMITS, minMinor: { ...LIMITS.minMinor, EUR: 100n } } });
    await expect(attempt).rejects.toThrow(DomainError);
    expect(await db.withdrawal.count({ where: { memberId: s.memberId } })).toBe(0);

    // The next recovery run takes it: €5.00 recovered, €3.00 still outstanding.
    await releaseDueRewards(db);
    expect(await available(s.memberId)).toBe(0n);
    expect(await db.reward.findUniqueOrThrow({ where: { id: refunded.id } })).toMatchObject({ reversedMinor: 700n, unrecoveredMinor: 300n });

    // Commission stands on what the member was paid and kept: €3.00 of the first award + €5.00 of the second = 5 % of €8.00.
    await accrueCommissions(db);
    expect(await balance(db, providerAccount(providerId, "PROVIDER_FEES_OWED", "EUR"))).toBe(-40n);
    expect((await reconcile(db)).discrepancies).toEqual([]);
  });

  it("leaves nothing due and withdraws only what is the member's", async () => {
    const s = await setup(2_000n);
    const first = await db.purchase.findFirstOrThrow({ where: { programId: s.programId }, select: { orderId: true } });
    // Half the order refunded after the hold: €10.00 of €20.00 comes back at once, the rest is withdrawable.
    await recordRefund(db, { programId: s.programId, source: "WEBHOOK", orderId: first.orderId, refundMinor: 10_000n, refundKey: "r1", eventKeys: ["r1"], actor });
    expect(await available(s.memberId)).toBe(1_000n);
    await expect(requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: 1_001n, limits: LIMITS })).rejects.toThrow(DomainError);
    const ok = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: 1_000n, limits: LIMITS });
    expect(ok.withdrawal.amountMinor).toBe(1_000n);
  });
});
