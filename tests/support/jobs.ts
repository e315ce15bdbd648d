import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";

const short = () => randomUUID().slice(0, 8);

/** A pending reward whose hold period ended a moment ago. */
export async function dueReward(): Promise<string> {
  const owner = await db.user.create({ data: { email: `o-${short()}@jobs.test`, passwordHash: "x" } });
  const { programId } = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
  const user = await db.user.create({ data: { email: `m-${short()}@jobs.test`, passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId });
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId: short(),
    origin: {},
    amountMinor: 1000n,
    currency: "EUR",
    customer: { memberId: member.id },
    actor: { type: "WEBHOOK" },
  });
  if (outcome.status !== "accepted" || outcome.reward?.status !== "PENDING") throw new Error("expected a pending reward");
  // Rewards are not ledger rows: moving the end of the hold period into the past stands in for waiting 14 days.
  await db.reward.update({ where: { id: outcome.reward.id }, data: { availableAt: new Date(Date.now() - 1000) } });
  return outcome.reward.id;
}

/** Polls `probe` until it returns something truthy; throws after `timeoutMs` naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
