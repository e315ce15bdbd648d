import { resolveDatabase } from "@/dev/embedded-db";
import { recallAppUrl } from "@/dev/launch-options";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { migrateDeploy } from "./db-lib";

/**
 * `npm run worker`: the background jobs (hold-period releases, …) as a process of their own, for when the
 * app runs with BOOMERANG_WORKER=0 or on several machines. Run as many as you like. Stops cleanly on
 * SIGINT/SIGTERM: the running job finishes, then the connections close.
 *
 * A lost database connection is logged and the worker carries on (pg-boss and the pools reconnect). Anything
 * else unexpected is logged and ends the process with exit code 1 after a clean stop, so that its
 * supervisor restarts it; the jobs it was running are picked up by the other workers' sweep.
 */
const log = (msg: string) => console.log(`[worker] ${msg}`);
const explain = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

async function main(): Promise<void> {
  recallAppUrl();
  const database = await resolveDatabase({ log });
  process.env.DATABASE_URL = database.url;
  // A fresh embedded database is migrated here as `npm run dev` would; a real server is migrated by the deploy.
  if (database.embedded) await migrateDeploy(database.url);

  const { startWorker } = await import("@/lib/jobs/start-worker");
  const { disconnectDb } = await import("@/lib/db/client");
  const worker = await startWorker({ log });
  log(`running (database: ${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"}); Ctrl-C stops it`);

  let stopping = false;
  async function shutdown(reason: string, code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    await worker.stop();
    await disconnectDb().catch(() => {});
    await database.stop();
    log("stopped");
    process.exit(code);
  }
  process.on("SIGINT", (signal) => void shutdown(signal, 0));
  process.on("SIGTERM", (signal) => void shutdown(signal, 0));
  process.on("unhandledRejection", (reason) => {
    log(`unhandled rejection: ${explain(reason)}`);
    void shutdown("unhandled rejection", 1);
  });
  process.on("uncaughtException", (error) => {
    // A pg client that lost its server emits "error"; one without a listener must not take the worker down.
    if (isDatabaseUnavailable(error)) {
      log(`database connection error (carrying on): ${error.message}`);
      return;
    }
    log(`uncaught exception: ${explain(error)}`);
    void shutdown("uncaught exception", 1);
  });
}

main().catch((error: unknown) => {
  log(`could not start: ${explain(error)}`);
  process.exit(1);
});
