import PgBoss from "pg-boss";

/** pg-boss keeps its tables in their own schema, apart from the app's (and outside Prisma's migrations). */
export const BOSS_SCHEMA = "pgboss";

export type BossOptions = {
  /** Defaults to DATABASE_URL. */
  connectionString?: string;
  /** How often the cron clock looks for due schedules (pg-boss default 30 s; tests use less). */
  cronMonitorIntervalSeconds?: number;
  log?: (msg: string) => void;
  /** Only sends jobs (the app asking for a run now): no maintenance and no cron clock, which the workers run. */
  sendOnly?: boolean;
};

/**
 * A pg-boss instance on the app's database. pg-boss creates and migrates its own schema on start (under an
 * advisory lock, so several workers may start at once). Works on the embedded PGlite database too.
 */
export function createBoss(opts: BossOptions = {}): PgBoss {
  const connectionString = opts.connectionString ?? process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: the job worker needs the database.");
  const boss = new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: "boomerang-worker",
    // Polling, cron and maintenance need few connections; the jobs themselves use the app's own pool.
    max: 4,
    ...(opts.cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds } : {}),
    ...(opts.sendOnly ? { supervise: false, schedule: false, max: 1 } : {}),
  });
  const log = opts.log ?? ((msg: string) => console.error(msg));
  // Without a listener an "error" event would crash the process; these are transient (connection lost, …).
  boss.on("error", (error) => log(`[jobs] ${error.message}`));
  return boss;
}

export async function startBoss(opts: BossOptions = {}): Promise<PgBoss> {
  const boss = createBoss(opts);
  await boss.start();
  return boss;
}
