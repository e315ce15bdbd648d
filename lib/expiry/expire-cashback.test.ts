import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { balance, capture, hold, memberAccount, memberBalances, post, providerAccount } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { expirableAmounts, expireCashback, monthsBefore } from "./expire-cashback";

const DAY = 24 * 60 * 60 * 1000;
const short = () => randomUUID().slice(0, 8);

async function shop(expiryMonths: number | null) {
  const owner = await db.user.create({ data: { email: `o-${short()}@x.test`, passwordHash: "x" } });
  const p = await createProvider(db, { name: "Shop", slug: `s-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 0 });
  await db.program.update({ where: { id: p.programId }, data: { expiryMonths } });
  const user = await db.user.create({ data: { email: `m-${short()}@x.test`, passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId: p.programId });
  return { ...p, memberId: member.id };
}

/** Cashback released `daysAgo` days ago, posted the way a release is (EARN then RELEASE), back-dated. */
async function oldCashback(s: { providerId: string; memberId: string }, amount: bigint, daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * DAY);
  const id = short();
  await post(db, {
    idempotencyKey: `t:${id}:earn`,
    kind: "EARN",
    effectiveAt: at,
    entries: [
      { account: providerAccount(s.providerId, "PROVIDER_LIABILITY", "EUR"), amount: -amount },
      { account: memberAccount(s.memberId, "MEMBER_PENDING", "EUR"), amount },
    ],
  });
  await post(db, {
    idempotencyKey: `t:${id}:release`,
    kind: "RELEASE",
    effectiveAt: at,
    entries: [
      { account: memberAccount(s.memberId, "MEMBER_PENDING", "EUR"), amount: -amount },
      { account: memberAccount(s.memberId, "MEMBER_AVAILABLE", "EUR"), amount },
    ],
  });
}

async function freshCashback(s: { programId: string; memberId: string }, basket: bigint) {
  const r = await recordPurchase(db, { programId: s.programId, source: "WEBHOOK", orderId: `o-${short()}`, origin: {}, amountMinor: basket, currency: "EUR", customer: { memberId: s.memberId }, actor: { type: "WEBHOOK" } });
  expect(r.status === "accepted" && r.reward?.status).toBe("AVAILABLE");
}

const available = async (memberId: string) => (await memberBalances(db, [memberId])).get(memberId)?.available;

describe("cashback expiry", () => {
  it("expires what is older than the period, oldest spent first, and returns it to the provider", async () => {
    const s = await shop(12);
    await oldCashback(s, 1_000n, 400); // €10.00 released 400 days ago: past 12 months
    await freshCashback(s, 5_000n); // €5.00 released now
    // €3.00 spent at the till: it came out of the oldest cashback.
    const h = await hold(db, { idempotencyKey: `t:${short()}`, memberId: s.memberId, currency: "EUR", amount: 300n });
    await capture(db, { holdId: h.id, idempotencyKey: `t:${short()}`, to: providerAccount(s.providerId, "PROVIDER_LIABILITY", "EUR") });
    expect(await available(s.memberId)).toBe(1_200n);

    const [due] = await expirableAmounts(db, { programId: s.programId, cutoff: monthsBefore(new Date(), 12) });
    expect(due?.amountMinor).toBe(700n);
    const liabilityBefore = await balance(db, providerAccount(s.providerId, "PROVIDER_LIABILITY", "EUR"));
    const run = await expireCashback(db);
    expect(run.members).toBeGreaterThanOrEqual(1);
    expect(await available(s.memberId)).toBe(500n);
    expect((await balance(db, providerAccount(s.providerId, "PROVIDER_LIABILITY", "EUR"))) - liabilityBefore).toBe(700n);

    // Running again the same day, or the next, expires nothing more until the fresh cashback is old too.
    await expireCashback(db);
    await expireCashback(db, { now: new Date(Date.now() + DAY) });
    expect(await available(s.memberId)).toBe(500n);
    await expireCashback(db, { now: new Date(Date.now() + 366 * DAY) });
    expect(await available(s.memberId)).toBe(0n);
  });

  it("leaves programs without expiry and cashback still inside the period alone", async () => {
    const never = await shop(null);
    await oldCashback(never, 1_000n, 4_000);
    const yearly = await shop(12);
    await oldCashback(yearly, 1_000n, 300);
    await expireCashback(db);
    expect(await available(never.memberId)).toBe(1_000n);
    expect(await available(yearly.memberId)).toBe(1_000n);
  });
});
