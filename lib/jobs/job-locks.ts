import type PgBoss from "pg-boss";
import pg from "pg";
import { BOSS_SCHEMA } from "./boss";

/*
 * Why a crashed worker's jobs are recovered this way.
 *
 * pg-boss marks a fetched job `active` and only gives up on it when `expireInSeconds` (15 minutes for the
 * every-minute jobs) has passed; under the stately policy nothing else of that queue runs meanwhile. A
 * SIGKILLed worker therefore stalled the hold-period releases for a quarter of an hour. A new worker cannot
 * take every active job for an orphan: other workers, on this machine or others, may be running them.
 *
 * So each running job holds a session-level advisory lock keyed by its id on a connection of its worker
 * process. PostgreSQL drops the lock when that connection closes, which it does when the process dies, on
 * any machine. Every worker sweeps on start and then every `intervalSeconds`: an `active` job of its queues
 * whose lock nobody holds is failed through pg-boss (retried when its queue allows), which lets the queued
 * run start. A job is only judged after `graceSeconds` in `active`, the moment between pg-boss fetching it and
 * its handler taking the lock. Short expiries were the other option; they would also fail long healthy runs.
 *
 * On the embedded database (PGlite) every connection shares one session, so locks outlive a client process:
 * the sweep then finds them held and the expiry stays the fallback.
 */

/** First key of our two-key advisory locks (ASCII "boom"); the second is hashtext(job id). */
export const JOB_LOCK_NAMESPACE = 0x626f6f6d;

export type OrphanSweepOptions = {
  /** How often each worker looks for orphaned jobs (default 30 s). */
  intervalSeconds?: number;
  /** How long a job must have been active before it is judged (default 10 s). */
  graceSeconds?: number;
};

export type JobLocks = {
  /** Runs `fn` while job `jobId` holds its lock. A lost lock connection never stops the job itself. */
  holding<T>(jobId: string, fn: () => Promise<T>): Promise<T>;
  /** Fails the active jobs of `queues` whose worker is gone; their ids. */
  sweep(queues: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
};

export function createJobLocks(opts: {
  connectionString: string;
  boss: PgBoss;
  graceSeconds: number;
  log: (msg: string) => void;
}): JobLocks {
  const { boss, log } = opts;
  // Jobs whose lock this process holds, to take again on a new connection after the old one was lost.
  const held = new Set<string>();
  let connection: Promise<pg.Client> | null = null;
  let current: pg.Client | null = null;
  let closed = false;

  // One statement at a time on the lock connection: jobs and the sweep share it, and pg warns (pg 9 will refuse)
  // when a client is sent a query while another is running.
  let tail: Promise<unknown> = Promise.resolve();
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = tail.then(run, run);
    tail = next.catch(() => {});
    return next;
  }

  const lock = (client: pg.Client, jobId: string) =>
    serial(() => client.query("SELECT pg_try_advisory_lock($1, hashtext($2))", [JOB_LOCK_NAMESPACE, jobId]));

  /** Drops `client` as the lock connection (the next use opens a new one). */
  function forget(client: pg.Client): void {
    if (current !== client) return;
    current = null;
    connection = null;
  }

  function connect(): Promise<pg.Client> {
    if (closed) return Promise.reject(new Error("the worker is stopping"));
    connection ??= (async () => {
      const client = new pg.Client({ connectionString: opts.connectionString, application_name: "boomerang-worker" });
      current = client;
      client.on("error", (error) => {
        log(`[jobs] lock connection lost: ${error.message}`);
        forget(client);
        void client.end().catch(() => {});
      });
      client.on("end", () => forget(client));
      try {
        await client.connect();
        for (const jobId of held) await lock(client, jobId);
      } catch (error) {
        forget(client);
        await client.end().catch(() => {});
        throw error;
      }
      return client;
    })();
    return connection;
  }

  return {
    async holding(jobId, fn) {
      try {
        const client = await connect();
        held.add(jobId);
        await lock(client, jobId);
      } catch (error) {
        log(`[jobs] job ${jobId} runs without its lock: ${error instanceof Error ? error.message : String(error)}`);
      }
      try {
        return await fn();
      } finally {
        held.delete(jobId);
        const client = closed ? null : current;
        if (client) await serial(() => client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [JOB_LOCK_NAMESPACE, jobId])).catch(() => {});
      }
    },

    async sweep(queues) {
      const client = await connect();
      const { rows } = await serial(() =>
        client.query<{ id: string; name: string }>(
          `SELECT j.id, j.name FROM ${BOSS_SCHEMA}.job j
            WHERE j.state = 'active' AND j.name = ANY($1::text[])
              AND j.started_on < now() - make_interval(secs => $2)
              AND NOT EXISTS (
                SELECT 1 FROM pg_locks l
                 WHERE l.locktype = 'advisory' AND l.objsubid = 2
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND l.classid = $3::oid AND l.objid = hashtext(j.id::text)::oid)`,
          [queues, opts.graceSeconds, JOB_LOCK_NAMESPACE],
        ),
      );
      for (const job of rows) {
        await boss.fail(job.name, job.id, { message: "its worker stopped while running it (no lock held)" });
        log(`[jobs] ${job.name}: failed job ${job.id}, left active by a worker that stopped`);
      }
      return rows.map((row) => row.id);
    },

    async close() {
      closed = true;
      const client = await connection?.catch(() => null);
      connection = null;
      current = null;
      await client?.end().catch(() => {});
    },
  };
}
