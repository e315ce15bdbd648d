import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { aProgram } from "@/tests/support/programs";
import { pruneRetainedRows, retentionPeriods } from "./retention";
import { PRUNE_RETAINED_ROWS, SCHEDULES } from "./schedules";

afterEach(() => {
  vi.unstubAllEnvs();
});

const DAY = 24 * 60 * 60 * 1000;
const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

describe("retention of what outsiders can make the platform write", () => {
  it("prunes refused deliveries after 30 days and guard hits after 90, keeps accepted deliveries, and deletes expired rate-limit buckets", async () => {
    const { programId } = await aProgram();
    const now = new Date();
    const delivery = (status: "ACCEPTED" | "REJECTED", days: number) =>
      db.webhookDelivery.create({ data: { programId, channel: "generic", status, httpStatus: status === "ACCEPTED" ? 202 : 401, reason: `${status} ${days}d`, createdAt: ago(now, days) } });
    const oldRefused = await delivery("REJECTED", 31);
    const recentRefused = await delivery("REJECTED", 29);
    const oldAccepted = await delivery("ACCEPTED", 400);
    const hit = (days: number) => db.guardHit.create({ data: { programId, guard: "BAD_SIGNATURE", subject: "192.0.2.1", createdAt: ago(now, days) } });
    const oldHit = await hit(91);
    const recentHit = await hit(89);
    const expired = `test:${randomUUID()}`;
    const live = `test:${randomUUID()}`;
    await db.rateLimitBucket.createMany({ data: [{ key: expired, windowEnd: new Date(now.getTime() - 1000), count: 5 }, { key: live, windowEnd: new Date(now.getTime() + 60_000), count: 5 }] });

    const pruned = await pruneRetainedRows(db, now);
    expect(pruned.refusedDeliveries).toBeGreaterThanOrEqual(1);
    expect(pruned.guardHits).toBeGreaterThanOrEqual(1);
    expect(pruned.rateLimitBuckets).toBeGreaterThanOrEqual(1);
    const ids = (await db.webhookDelivery.findMany({ where: { programId }, select: { id: true } })).map((d) => d.id);
    expect(ids).not.toContain(oldRefused.id);
    expect(ids).toEqual(expect.arrayContaining([recentRefused.id, oldAccepted.id]));
    const hits = (await db.guardHit.findMany({ where: { programId }, select: { id: true } })).map((h) => h.id);
    expect(hits).not.toContain(oldHit.id);
    expect(hits).toContain(recentHit.id);
    expect(await db.rateLimitBucket.findUnique({ where: { key: expired } })).toBeNull();
    expect(await db.rateLimitBucket.findUnique({ where: { key: live } })).toMatchObject({ count: 5 });

    // A second run has nothing left to do.
    expect(await pruneRetainedRows(db, now)).toEqual({ refusedDeliveries: 0, guardHits: 0, rateLimitBuckets: 0, outboundWebhookMessages: 0 });
  });

  it("takes its periods from REFUSED_DELIVERY_RETENTION_DAYS and GUARD_HIT_RETENTION_DAYS, ignoring nonsense", async () => {
    expect(retentionPeriods()).toEqual({ refusedDeliveryDays: 30, guardHitDays: 90, outboundWebhookDays: 30 });
    vi.stubEnv("REFUSED_DELIVERY_RETENTION_DAYS", "7");
    vi.stubEnv("GUARD_HIT_RETENTION_DAYS", "14");
    expect(retentionPeriods()).toEqual({ refusedDeliveryDays: 7, guardHitDays: 14, outboundWebhookDays: 30 });
    vi.stubEnv("REFUSED_DELIVERY_RETENTION_DAYS", "0");
    vi.stubEnv("GUARD_HIT_RETENTION_DAYS", "lots");
    expect(retentionPeriods()).toEqual({ refusedDeliveryDays: 30, guardHitDays: 90, outboundWebhookDays: 30 });

    vi.stubEnv("REFUSED_DELIVERY_RETENTION_DAYS", "7");
    const { programId } = await aProgram();
    const now = new Date();
    const eightDays = await db.webhookDelivery.create({ data: { programId, channel: "generic", status: "REJECTED", httpStatus: 401, createdAt: ago(now, 8) } });
    await pruneRetainedRows(db, now);
    expect(await db.webhookDelivery.findUnique({ where: { id: eightDays.id } })).toBeNull();
  });

  it("runs every hour on the job worker", () => {
    expect(SCHEDULES.find((s) => s.name === PRUNE_RETAINED_ROWS)).toMatchObject({ cron: "23 * * * *", queue: { policy: "stately" } });
  });
});
