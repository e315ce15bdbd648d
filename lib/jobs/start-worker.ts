import type PgBoss from "pg-boss";
import { startBoss, type BossOptions } from "./boss";
import { SCHEDULES, registerSchedules, type ScheduledJob } from "./schedules";

export type WorkerOptions = BossOptions & {
  /** How often each queue is polled for jobs (pg-boss default 2 s). */
  pollingIntervalSeconds?: number;
  schedules?: readonly ScheduledJob[];
};

export type RunningWorker = {
  /** The queue, for operators and tests (e.g. `boss.send(RELEASE_DUE_REWARDS)` to run a job now). */
  boss: PgBoss;
  /** Stops polling, lets a running job finish (up to 10 s), closes the connections. Never throws; safe to call twice. */
  stop(): Promise<void>;
};

/**
 * Starts the background worker: pg-boss on the app's database with the recurring jobs of `schedules.ts`.
 * Any number of workers may run at once, in one process or across machines: the queues let one run of a
 * job through at a time, and the jobs themselves claim their rows with SKIP LOCKED.
 */
export async function startWorker(opts: WorkerOptions = {}): Promise<RunningWorker> {
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const schedules = opts.schedules ?? SCHEDULES;
  const boss = await startBoss({ ...opts, log });
  try {
    await registerSchedules(boss, schedules);
    for (const job of schedules) {
      const options = { batchSize: 1, ...(opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {}) };
      await boss.work(job.name, options, async () => {
        try {
          const output = await job.run();
          if (Object.values(output).some((v) => typeof v === "number" && v > 0)) log(`[jobs] ${job.name}: ${JSON.stringify(output)}`);
          return output;
        } catch (error) {
          // pg-boss records the failure on the job; say it where an operator looks too.
          log(`[jobs] ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      });
    }
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    boss,
    stop() {
      stopping ??= boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch((error: unknown) => {
        log(`[jobs] worker did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      });
      return stopping;
    },
  };
}
