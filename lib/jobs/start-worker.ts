import type PgBoss from "pg-boss";
import pg from "pg";
import { startBoss, type BossOptions } from "./boss";
import { createJobLocks, type OrphanSweepOptions } from "./job-locks";
import { SCHEDULES, registerSchedules, type ScheduledJob } from "./schedules";

export type WorkerOptions = BossOptions & {
  /** How often each queue is polled for jobs (pg-boss default 2 s). */
  pollingIntervalSeconds?: number;
  schedules?: readonly ScheduledJob[];
  /** Recovery of jobs left active by a worker that died (see job-locks.ts). */
  orphanSweep?: OrphanSweepOptions;
};

export type RunningWorker = {
  /** The queue, for operators and tests (e.g. `boss.send(RELEASE_DUE_REWARDS)` to run a job now). */
  boss: PgBoss;
  /** Stops polling, lets a running job finish (up to 10 s), closes the connections. Never throws; safe to call twice. */
  stop(): Promise<void>;
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Key of the advisory lock under which workers start one at a time (one 64-bit key: apart from job-locks' pairs). */
export const WORKER_START_LOCK = 0x626f6f6d_73747274n; // "boomstrt"

/**
 * Runs `fn` while this process holds the workers' start lock, on a connection of its own that is closed after.
 * pg-boss creates a queue as a partition of its job table; two workers creating queues at once deadlock in
 * PostgreSQL and one of them dies on start. A worker that dies holding the lock releases it with its connection.
 */
async function oneWorkerStartingAtATime<T>(connectionString: string, log: (msg: string) => void, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: "boomerang-worker-start" });
  // Lost while idle (holding the lock during `fn`), the connection emits "error": without a listener that would
  // end the process. The start goes on; another worker may then start beside it, as before the lock.
  client.on("error", (error) => log(`[jobs] start lock connection lost: ${error.message}`));
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [WORKER_START_LOCK.toString()]);
    return await fn();
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts the background worker: pg-boss on the app's database with the recurring jobs of `schedules.ts`.
 * Any number of workers may run at once, in one process or across machines: the queues let one run of a
 * job through at a time, and the jobs themselves claim their rows with SKIP LOCKED. Jobs left active by a
 * worker that died are failed by the others' sweep within about `orphanSweep.intervalSeconds`.
 */
export async function startWorker(opts: WorkerOptions = {}): Promise<RunningWorker> {
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const schedules = opts.schedules ?? SCHEDULES;
  const connectionString = opts.connectionString ?? process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: the job worker needs the database.");
  // pg-boss's start creates its internal queue, then ours are created: both under the start lock.
  const boss = await oneWorkerStartingAtATime(connectionString, log, async () => {
    const started = await startBoss({ ...opts, connectionString, log });
    try {
      await registerSchedules(started, schedules);
      return started;
    } catch (error) {
      await started.stop({ graceful: false, wait: true }).catch(() => {});
      throw error;
    }
  });
  const locks = createJobLocks({ connectionString, boss, graceSeconds: opts.orphanSweep?.graceSeconds ?? 10, log });
  const queues = schedules.map((job) => job.name);
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () =>
    locks.sweep(queues).catch((error: unknown) => {
      log(`[jobs] sweep for orphaned jobs failed: ${message(error)}`);
    });
  try {
    await sweep();
    for (const job of schedules) {
      const options = { batchSize: 1, ...(opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {}) };
      await boss.work(job.name, options, async ([current]) => {
        const run = async () => {
          try {
            const output = await job.run();
            if (Object.values(output).some((v) => typeof v === "number" && v > 0)) log(`[jobs] ${job.name}: ${JSON.stringify(output)}`);
            return output;
          } catch (error) {
            // pg-boss records the failure on the job; say it where an operator looks too.
            log(`[jobs] ${job.name} failed: ${message(error)}`);
            throw error;
          }
        };
        return current ? locks.holding(current.id, run) : run();
      });
    }
    sweeper = setInterval(() => void sweep(), (opts.orphanSweep?.intervalSeconds ?? 30) * 1000);
    sweeper.unref();
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await locks.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    boss,
    stop() {
      stopping ??= (async () => {
        clearInterval(sweeper);
        await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch((error: unknown) => {
          log(`[jobs] worker did not stop cleanly: ${message(error)}`);
        });
        await locks.close();
      })();
      return stopping;
    },
  };
}
