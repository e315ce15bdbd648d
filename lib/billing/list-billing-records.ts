import "server-only";
import { db } from "@/lib/db/client";

/** A provider's newest billing records, each with the award (reward, order, member) that caused it. */
export async function listBillingRecords(providerId: string, opts: { limit?: number } = {}) {
  const records = await db.billingRecord.findMany({
    where: { providerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 100,
    select: { id: true, rewardId: true, period: true, awardMinor: true, rateBps: true, commissionMinor: true, currency: true, createdAt: true, invoice: { select: { id: true, status: true } } },
  });
  const rewards = await db.reward.findMany({
    where: { id: { in: records.map((r) => r.rewardId) }, program: { providerId } },
    select: { id: true, status: true, memberId: true, purchase: { select: { orderId: true, source: true } }, member: { select: { code: true } } },
  });
  const byId = new Map(rewards.map((r) => [r.id, r]));
  return records.map((r) => ({ ...r, reward: byId.get(r.rewardId) ?? null }));
}
