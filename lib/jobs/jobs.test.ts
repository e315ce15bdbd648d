import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { BOSS_SCHEMA } from "./boss";
import { RELEASE_DUE_REWARDS } from "./schedules";
import { startWorker, type RunningWorker } from "./start-worker";
import { dueReward, until } from "@/tests/support/jobs";

const quiet = () => {};

const releasesOf = (rewardId: string) => db.ledgerTransaction.count({ where: { referenceType: "reward", referenceId: rewardId, kind: "RELEASE" } });

const workers: RunningWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

describe("the job worker", () => {
  it("starts, schedules the release every minute, runs it, and stops cleanly", async () => {
    const worker = await startWorker({ pollingIntervalSeconds: 0.5, log: quiet });
    workers.push(worker);

    const schedules = await worker.boss.getSchedules();
    expect(schedules).toContainEqual(expect.objectContaining({ name: RELEASE_DUE_REWARDS, cron: "* * * * *", timezone: "UTC" }));
    // At most one run queued and one running, whatever the number of workers: runs never pile up.
    expect(await worker.boss.getQueue(RELEASE_DUE_REWARDS)).toMatchObject({ policy: "stately", retryLimit: 0 });

    const rewardId = await dueReward();
    // Run the job now instead of waiting for the minute (null when a scheduled run is already queued).
    const jobId = await worker.boss.send(RELEASE_DUE_REWARDS, {});
    await until("the reward to be released", async () => (await db.reward.findUniqueOrThrow({ where: { id: rewardId } })).status === "AVAILABLE");
    expect(await releasesOf(rewardId)).toBe(1);
    expect(await db.rewardEvent.findFirst({ where: { rewardId, toStatus: "AVAILABLE" } })).toMatchObject({ actorType: "SYSTEM", reason: "hold period ended" });
    if (jobId) {
      const job = await until("the job to complete", () => worker.boss.getJobById<object>(RELEASE_DUE_REWARDS, jobId, { includeArchive: true }).then((j) => j?.state === "completed" && j));
      expect(job.output).toEqual({ released: expect.any(Number) });
    }

    await worker.stop();
    await worker.stop(); // a second stop is harmless
    // Its connections are closed (a server backend takes a moment to go after its client hangs up).
    await until("the worker's connections to close", async () => {
      const rows = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'boomerang-worker'`;
      return rows[0]?.n === 0n;
    }, 5_000);
  });

  it("several workers at once release each reward exactly once", async () => {
    const a = await startWorker({ pollingIntervalSeconds: 0.5, log: quiet });
    const b = await startWorker({ pollingIntervalSeconds: 0.5, log: quiet });
    workers.push(a, b);
    const ids = await Promise.all(Array.from({ length: 5 }, () => dueReward()));
    await Promise.all([a.boss.send(RELEASE_DUE_REWARDS, {}), b.boss.send(RELEASE_DUE_REWARDS, {})]);
    await until("every reward to be released", async () => (await db.reward.count({ where: { id: { in: ids }, status: "AVAILABLE" } })) === ids.length);
    for (const id of ids) expect(await releasesOf(id)).toBe(1);
    await Promise.all([a.stop(), b.stop()]);
  });

  it("keeps its tables in their own schema", async () => {
    const tables = await db.$queryRaw<{ table_name: string }[]>`SELECT table_name FROM information_schema.tables WHERE table_schema = ${BOSS_SCHEMA}`;
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["job", "queue", "schedule"]));
  });
});
