import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { memberBalances } from "@/lib/ledger";
import { accrueCommissions } from "@/lib/billing/accrue-commissions";
import { DEMO, seedDemo } from "./seed";

describe("demo seed", () => {
  it("builds both demo businesses through the real pipeline, and a second run changes nothing", async () => {
    await seedDemo();
    const count = async () => ({
      purchases: await db.purchase.count(),
      rewards: await db.reward.count(),
      entries: await db.ledgerEntry.count(),
      notifications: await db.notification.count(),
    });
    const first = await count();
    expect(first.purchases).toBeGreaterThan(50);
    expect(first.rewards).toBe(first.purchases - 2); // the two purchases of someone who has not joined wait for them

    const aurora = await db.program.findUniqueOrThrow({ where: { slug: DEMO.provider.slug }, select: { id: true } });
    const bloom = await db.program.findUniqueOrThrow({ where: { slug: DEMO.bloom.slug }, select: { id: true, processingMode: true } });
    const statuses = async (programId: string) =>
      Object.fromEntries((await db.reward.groupBy({ by: ["status"], where: { programId }, _count: { _all: true } })).map((g) => [g.status, g._count._all]));
    const a = await statuses(aurora.id);
    expect(a.AVAILABLE).toBeGreaterThan(20);
    expect(a.PENDING).toBeGreaterThan(0);
    expect(a.PENDING_REVIEW).toBe(1); // the order above the review threshold
    expect(bloom.processingMode).toBe("MANUAL");
    expect(Object.keys(await statuses(bloom.id))).toEqual(["PENDING_REVIEW"]);

    // History has a past: the dashboard's 30-day chart is not one bar on today.
    const oldest = await db.reward.findFirstOrThrow({ where: { programId: aurora.id }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
    expect(Date.now() - oldest.createdAt.getTime()).toBeGreaterThan(90 * 24 * 60 * 60 * 1000);

    const maya = await db.member.findFirstOrThrow({ where: { programId: aurora.id, user: { email: DEMO.members[0].email } }, select: { id: true } });
    const balance = (await memberBalances(db, [maya.id])).get(maya.id);
    expect(balance?.available).toBeGreaterThan(0n);
    expect(balance?.held).toBe(100n); // one redemption still in flight
    expect(await db.notification.count({ where: { emailStatus: "PENDING" } })).toBe(0);

    // Nothing else looks seeded either: notifications over many days, members since before their first purchase.
    const days = await db.$queryRaw<{ n: bigint }[]>`SELECT count(DISTINCT created_at::date) AS n FROM notifications`;
    expect(Number(days[0]?.n)).toBeGreaterThan(10);
    const mayaSince = await db.member.findUniqueOrThrow({ where: { id: maya.id }, select: { joinedAt: true } });
    expect(Date.now() - mayaSince.joinedAt.getTime()).toBeGreaterThan(90 * 24 * 60 * 60 * 1000);

    // Billing follows the history: the commission of six months of awards falls in their own months.
    await accrueCommissions(db);
    const months = await db.billingRecord.groupBy({ by: ["period"], where: { provider: { programs: { some: { id: aurora.id } } } } });
    expect(months.length).toBeGreaterThan(3);

    const settled = await count();
    await seedDemo();
    expect(await count()).toEqual(settled);
  }, 120_000);
});
