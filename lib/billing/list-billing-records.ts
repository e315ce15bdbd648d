import "server-only";
import { db } from "@/lib/db/client";

/** A provider's newest billing records (commissions and credits), each with the award (reward, order, member) it is about. */
export async function listBillingRecords(providerId: string, opts: { limit?: number; period?: Date } = {}) {
  const records = await db.billingRecord.findMany({
    // A zero credit only records that a later change to the award needed none: nothing to show.
    where: { providerId, ...(opts.period ? { period: opts.period } : {}), NOT: { kind: "CREDIT", commissionMinor: 0n } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 100,
    select: { id: true, rewardId: true, kind: true, period: true, awardMinor: true, rateBps: true, commissionMinor: true, currency: true, createdAt: true, invoice: { select: { id: true, status: true } } },
  });
  const rewards = await db.reward.findMany({
    where: { id: { in: records.map((r) => r.rewardId) }, program: { providerId } },
    select: { id: true, status: true, memberId: true, purchase: { select: { orderId: true, source: true } }, member: { select: { code: true } } },
  });
  const byId = new Map(rewards.map((r) => [r.id, r]));
  return records.map((r) => ({ ...r, reward: byId.get(r.rewardId) ?? null }));
}
