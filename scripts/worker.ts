import { resolveDatabase } from "@/dev/embedded-db";
import { migrateDeploy } from "./db-lib";

/**
 * `npm run worker`: the background jobs (hold-period releases, …) as a process of their own, for when the
 * app runs with BOOMERANG_WORKER=0 or on several machines. Run as many as you like. Stops cleanly on
 * SIGINT/SIGTERM: the running job finishes, then the connections close.
 */
const log = (msg: string) => console.log(`[worker] ${msg}`);

const database = await resolveDatabase({ log });
process.env.DATABASE_URL = database.url;
// A fresh embedded database is migrated here as `npm run dev` would; a real server is migrated by the deploy.
if (database.embedded) await migrateDeploy(database.url);

const { startWorker } = await import("@/lib/jobs/start-worker");
const { disconnectDb } = await import("@/lib/db/client");
const worker = await startWorker({ log });
log(`running (database: ${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"}); Ctrl-C stops it`);

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  await worker.stop();
  await disconnectDb().catch(() => {});
  await database.stop();
  log("stopped");
  process.exit(0);
}
process.on("SIGINT", (signal) => void shutdown(signal));
process.on("SIGTERM", (signal) => void shutdown(signal));
