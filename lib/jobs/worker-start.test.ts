import { afterAll, describe, expect, it } from "vitest";
import { BOSS_SCHEMA } from "./boss";
import { SCHEDULES } from "./schedules";
import { startWorker, type RunningWorker } from "./start-worker";
import { db } from "@/lib/db/client";

const quiet = () => {};
const workers: RunningWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

describe("workers starting together", () => {
  // Found by the two-instance cluster check: a second worker starting beside the first died with "deadlock
  // detected" while both created the queues' partitions. This file's database is fresh, so the queues are new.
  it("all start on a fresh database, and each queue and schedule exists once", async () => {
    const started = await Promise.allSettled([0, 1, 2, 3].map(() => startWorker({ pollingIntervalSeconds: 0.5, log: quiet })));
    for (const s of started) if (s.status === "fulfilled") workers.push(s.value);
    expect(started.map((s) => (s.status === "rejected" ? String(s.reason) : "started"))).toEqual(["started", "started", "started", "started"]);

    const queues = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM ${BOSS_SCHEMA}.queue WHERE name NOT LIKE '\\_\\_pgboss%' ORDER BY name`);
    expect(queues.map((q) => q.name)).toEqual(SCHEDULES.map((s) => s.name).sort());
    const schedules = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM ${BOSS_SCHEMA}.schedule ORDER BY name`);
    expect(schedules.map((q) => q.name)).toEqual(SCHEDULES.map((s) => s.name).sort());
  });
});
