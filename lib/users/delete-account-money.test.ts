import { describe, expect, it } from "vitest";
import { accrueCommissions } from "@/lib/billing/accrue-commissions";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { balance, memberBalances, providerAccount, reconcile } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { refusal } from "@/tests/support/refusal";
import { LIMITS, setup, short } from "@/tests/support/withdrawals";
import { createUser } from "./create-user";
import { deleteAccount } from "./delete-account";
import { unclaimedFunds } from "./unclaimed-funds";

const PASSWORD = "a-long-password-1";
const DAY = 24 * 60 * 60 * 1000;

async function buy(programId: string, memberId: string, amountMinor: bigint) {
  const outcome = await recordPurchase(db, { programId, source: "WEBHOOK", orderId: `o-${short()}`, origin: {}, amountMinor, currency: "EUR", customer: { memberId }, actor: { type: "WEBHOOK" } });
  if (outcome.status !== "accepted" || !outcome.reward) throw new Error("expected a reward");
  return outcome.reward;
}

describe("deleted accounts (docs/money-rules.md, \"Deleted accounts\")", () => {
  it("a member holding €10.00 available and €3.00 pending must confirm both amounts; then the €10.00 moves to the business's unclaimed funds, the €3.00 is cancelled, and the liability to members is zero", async () => {
    const owner = await createUser(db, { email: `o-${short()}@del.test`, password: PASSWORD });
    const { programId, providerId } = await createProvider(db, { name: "Bakery", slug: `bakery-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
    const user = await createUser(db, { email: `m-${short()}@del.test`, password: PASSWORD });
    const member = await joinProgram(db, { userId: user.id, programId });
    // €100.00 at 10 % → €10.00, released after the 14-day hold; then €30.00 → €3.00 still pending.
    const first = await buy(programId, member.id, 10_000n);
    await releaseDueRewards(db, { now: new Date(Date.now() + 15 * DAY) });
    const second = await buy(programId, member.id, 3_000n);
    expect(await memberBalances(db, [member.id])).toEqual(new Map([[member.id, { available: 1_000n, pending: 300n, held: 0n }]]));

    // No confirmation: refused, naming the amounts. Amounts that are not what the member holds now: refused too.
    const missing = await refusal(deleteAccount(user.id, { password: PASSWORD }));
    expect([missing.status, missing.field]).toEqual([400, "forfeit"]);
    expect(missing.message).toContain("€10.00 available and €3.00 pending in Bakery");
    const stale = await refusal(deleteAccount(user.id, { password: PASSWORD, forfeit: [{ memberId: member.id, availableMinor: "1000", pendingMinor: "0" }] }));
    expect(stale.status).toBe(409);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).deletedAt).toBeNull();
    expect(await unclaimedFunds(db, providerId)).toEqual([]);

    await deleteAccount(user.id, { password: PASSWORD, forfeit: [{ memberId: member.id, availableMinor: "1000", pendingMinor: "300" }] });
    expect(await memberBalances(db, [member.id])).toEqual(new Map([[member.id, { available: 0n, pending: 0n, held: 0n }]]));
    expect(await balance(db, providerAccount(providerId, "PROVIDER_UNCLAIMED", "EUR"))).toBe(1_000n);
    expect(await unclaimedFunds(db, providerId)).toEqual([{ currency: "EUR", amountMinor: 1_000n }]);
    // The pending reward is cancelled (inside its hold); the available one stands.
    expect(await db.reward.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ status: "REVERSED", amountMinor: 0n, reversedMinor: 300n });
    expect(await db.reward.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "AVAILABLE", amountMinor: 1_000n });
    // The move is one ADJUSTMENT that names the membership.
    const moved = await db.ledgerTransaction.findUniqueOrThrow({ where: { idempotencyKey: `member:${member.id}:unclaimed` } });
    expect(moved).toMatchObject({ kind: "ADJUSTMENT", referenceType: "member", referenceId: member.id });

    // Commission stands on the €10.00 that was awarded and not given back (5 %), none on the cancelled €3.00.
    await accrueCommissions(db);
    expect(await balance(db, providerAccount(providerId, "PROVIDER_FEES_OWED", "EUR"))).toBe(-50n);
    expect((await reconcile(db)).discrepancies).toEqual([]);
    // The business's liability still equals what its members hold plus what deleted members left it.
    const funding = (await reconcile(db, { funding: true })).discrepancies;
    expect(funding.filter((d) => "providerId" in d && d.providerId === providerId)).toEqual([]);
  });

  it("waits while €10.00 is set aside for a withdrawal in progress: deletion is refused until it is done", async () => {
    const s = await setup(1_000n);
    await db.user.update({ where: { id: s.userId }, data: { passwordHash: await hashPassword(PASSWORD) } });
    await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: 1_000n, limits: LIMITS });
    expect((await memberBalances(db, [s.memberId])).get(s.memberId)).toEqual({ available: 0n, pending: 0n, held: 1_000n });
    const waiting = await refusal(deleteAccount(s.userId, { password: PASSWORD, forfeit: [{ memberId: s.memberId, availableMinor: "0", pendingMinor: "0" }] }));
    expect(waiting.status).toBe(409);
    expect(waiting.message).toContain("withdrawal or payment in progress");
    expect((await db.user.findUniqueOrThrow({ where: { id: s.userId } })).deletedAt).toBeNull();
  });

  it("a member with nothing left deletes without confirming anything, and nothing moves", async () => {
    const owner = await createUser(db, { email: `o-${short()}@del.test`, password: PASSWORD });
    const { programId, providerId } = await createProvider(db, { name: "Deli", slug: `deli-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
    const user = await createUser(db, { email: `m-${short()}@del.test`, password: PASSWORD });
    await joinProgram(db, { userId: user.id, programId });
    await deleteAccount(user.id, { password: PASSWORD });
    expect(await unclaimedFunds(db, providerId)).toEqual([]);
  });
});
