import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { balance, memberAccount } from "@/lib/ledger";
import { createProvider } from "@/lib/providers/create-provider";
import { claimOrphanPurchases } from "./claim-purchases";

const short = () => randomUUID().slice(0, 8);

describe("claimOrphanPurchases", () => {
  it("rewards a purchase that was recorded without its member while they were joining", async () => {
    const owner = await db.user.create({ data: { email: `o-${short()}@claim.test`, passwordHash: "x" } });
    const { programId } = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
    const user = await db.user.create({ data: { email: `late-${short()}@claim.test`, passwordHash: "x" } });
    // The race: the member row exists, but the purchase committed without seeing it.
    const member = await db.member.create({ data: { userId: user.id, programId, code: `TEST-${short().slice(0, 4).toUpperCase()}` } });
    await db.purchase.create({ data: { programId, source: "WEBHOOK", orderId: "o-1", amountMinor: 5000n, currency: "EUR", customerEmail: user.email, occurredAt: new Date() } });

    expect(await claimOrphanPurchases()).toEqual({ claimed: 1 });
    const reward = await db.reward.findFirstOrThrow({ where: { memberId: member.id } });
    expect(reward).toMatchObject({ status: "PENDING", amountMinor: 500n });
    expect(await balance(db, memberAccount(member.id, "MEMBER_PENDING", "EUR"))).toBe(500n);
    expect(await claimOrphanPurchases()).toEqual({ claimed: 0 });
  });
});
