import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { BOSS_SCHEMA, createBoss } from "./boss";
import { JOB_LOCK_NAMESPACE, createJobLocks } from "./job-locks";
import { RELEASE_DUE_REWARDS } from "./schedules";
import { startWorker, type RunningWorker } from "./start-worker";
import { dueReward, until } from "@/tests/support/jobs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `npm run worker` as a child process; resolves once it runs. */
async function workerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "scripts", "launch.mjs"), "worker"], {
    cwd: root,
    env: { ...process.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("[worker] running")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the worker exited with ${code}:\n${out}`)));
  });
  return child;
}

/** Holds the rewards table until COMMIT on the returned client: a release run waits for it, active. */
async function blockRewards(): Promise<pg.Client> {
  const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await blocker.connect();
  cleanups.push(() => blocker.end().catch(() => {}));
  await blocker.query("BEGIN");
  await blocker.query("LOCK TABLE rewards IN ACCESS EXCLUSIVE MODE");
  return blocker;
}

/** Queues a release run from outside the worker, as the cron clock would. */
async function sendRelease(): Promise<void> {
  const sender = createBoss({ log: () => {} });
  await sender.start();
  cleanups.push(() => sender.stop({ graceful: false, wait: true }));
  await sender.send(RELEASE_DUE_REWARDS, {});
}

const activeRelease = async () => {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state = 'active'`,
    RELEASE_DUE_REWARDS,
  );
  return rows[0]?.id;
};

const stateOf = async (jobId: string) => {
  const rows = await db.$queryRawUnsafe<{ state: string; output: unknown }[]>(
    `SELECT state::text, output FROM ${BOSS_SCHEMA}.job WHERE id = $1::uuid`,
    jobId,
  );
  return rows[0];
};

/** What a server restart does to the worker's own connections (pg-boss's and its job locks'). */
async function terminateWorkerConnections() {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'boomerang-worker'`,
    );
    for (const { pid } of rows) await admin.query("SELECT pg_terminate_backend($1, 60000)", [pid]);
    return rows;
  } finally {
    await admin.end();
  }
}

describe("the worker process", () => {
  it("killed in the middle of a job, does not hold up the next runs: a new worker fails the orphaned job and the releases resume", async () => {
    const before = await dueReward();

    // The release blocks on the rewards table, so the child's job stays active until the child is killed.
    const blocker = await blockRewards();

    const child = await workerProcess();
    await sendRelease();
    const stuck = await until("the child to start the release", activeRelease);

    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    await blocker.query("COMMIT");
    expect((await stateOf(stuck))?.state).toBe("active");

    const after = await dueReward();
    const worker: RunningWorker = await startWorker({
      pollingIntervalSeconds: 0.5,
      orphanSweep: { intervalSeconds: 1, graceSeconds: 1 },
      log: () => {},
    });
    cleanups.push(() => worker.stop());
    await until("the orphaned job to be failed", async () => (await stateOf(stuck))?.state === "failed", 10_000);
    // Queued before the crash or sent now (null when one is already queued): either runs next.
    await worker.boss.send(RELEASE_DUE_REWARDS, {});
    await until("both rewards to be released", async () => (await db.reward.count({ where: { id: { in: [before, after] }, status: "AVAILABLE" } })) === 2);
    expect((await stateOf(stuck))?.output).toMatchObject({ message: expect.stringContaining("worker stopped") });
  });

  it("keeps a worker running when the server drops its connections", async () => {
    const child = await workerProcess();
    const terminated = await terminateWorkerConnections();
    expect(terminated.length).toBeGreaterThan(0);

    const rewardId = await dueReward();
    await sendRelease();
    await until("the reward to be released", async () => (await db.reward.findUniqueOrThrow({ where: { id: rewardId } })).status === "AVAILABLE");
    expect(child.exitCode).toBeNull();
  });

  it("leaves alone a job that a live worker is running, however long it takes", async () => {
    const rewardId = await dueReward();
    const blocker = await blockRewards();
    const worker = await startWorker({ pollingIntervalSeconds: 0.5, log: () => {} });
    cleanups.push(() => worker.stop());
    // A run the previous test's worker process fetched just before it was stopped is an orphan (active, no lock
    // held): failed first, as any worker's sweep would, so that the run below is the one that goes active.
    const sweeper = createJobLocks({ connectionString: process.env.DATABASE_URL!, boss: worker.boss, graceSeconds: 0, log: () => {} });
    cleanups.push(() => sweeper.close());
    await sweeper.sweep([RELEASE_DUE_REWARDS]);
    await sendRelease();
    const running = await until("the worker to start the release", activeRelease);
    await until("the job to hold its lock", async () => {
      const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::oid AND objid = hashtext($2)::oid`,
        JOB_LOCK_NAMESPACE,
        running,
      );
      return rows[0]?.n === 1n;
    });

    // Another worker's sweep, with no grace at all, finds no orphan.
    const locks = createJobLocks({ connectionString: process.env.DATABASE_URL!, boss: worker.boss, graceSeconds: 0, log: () => {} });
    cleanups.push(() => locks.close());
    expect(await locks.sweep([RELEASE_DUE_REWARDS])).toEqual([]);
    expect((await stateOf(running))?.state).toBe("active");

    await blocker.query("COMMIT");
    await until("the job to complete", async () => (await stateOf(running))?.state === "completed");
    expect((await db.reward.findUniqueOrThrow({ where: { id: rewardId } })).status).toBe("AVAILABLE");
  });
});

