import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { resolveDatabase } from "@/dev/embedded-db";
import { launchOptions, rememberAppUrl } from "@/dev/launch-options";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { migrateDeploy, migrationsApplied } from "./db-lib";

/**
 * `npm run dev` / `npm start`: resolves the database (DATABASE_URL, or the embedded PostgreSQL under .data/),
 * applies pending migrations, seeds demo data into an empty embedded database, then runs Next.js against it,
 * with the background job worker in this process (unless BOOMERANG_WORKER=0, for when `npm run worker` runs
 * separately).
 *
 * Back up fast after a crash: with nothing to migrate, one query replaces the Prisma CLI; the Stripe and Plaid
 * sandboxes start together with the database; Next.js starts without waiting for the worker, which starts
 * beside it and whose failure is logged (the app keeps serving; the other workers, or the next start, run the jobs).
 */
const log = (msg: string) => console.log(`[boomerang] ${msg}`);
const { mode, port, appUrl, nextArgs } = launchOptions(process.argv.slice(2), process.env);
// One address for the app, the worker in this process (its e-mails) and a CLI started beside it.
process.env.APP_URL = appUrl;
process.env.NEXTAUTH_URL ??= appUrl;
process.env.PORT = port;
const next = path.join("node_modules", "next", "dist", "bin", "next");

function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  // A local install gets a random secret kept beside the embedded data, so sessions survive restarts.
  const file = path.join(".data", "nextauth-secret");
  if (!existsSync(file)) {
    mkdirSync(".data", { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    if (mode === "start") log("NEXTAUTH_SECRET is not set; generated one in .data/nextauth-secret");
  }
  return readFileSync(file, "utf8").trim();
}

async function prepareDatabase() {
  const database = await resolveDatabase({ log });
  log(`database: ${database.embedded ? "embedded PostgreSQL (.data/pglite)" : "DATABASE_URL"}`);
  if (!(await migrationsApplied(database.url))) {
    // Several instances of one release: migrate once in the release step (`npm run db:migrate`), start each
    // instance with BOOMERANG_MIGRATE=0, and /api/ready answers 503 until the migrations are in.
    if (process.env.BOOMERANG_MIGRATE === "0") log("migrations are pending and BOOMERANG_MIGRATE=0: /api/ready answers 503 until `npm run db:migrate` has run");
    else await migrateDeploy(database.url);
  }
  process.env.DATABASE_URL = database.url;
  await importLegacyUploads();
  if (database.embedded || process.env.BOOMERANG_SEED === "1") {
    const { seedDemo, isSeeded } = await import("./seed");
    const { disconnectDb } = await import("@/lib/db/client");
    if (!(await isSeeded())) await seedDemo(log);
    await disconnectDb();
  }
  return database;
}

/** Images an older install kept under UPLOAD_DIR move into the object store once, at the first start after the upgrade. */
async function importLegacyUploads() {
  const { uploadDir, importLegacyUploads: importAll } = await import("@/lib/uploads/store-image");
  if (!existsSync(uploadDir())) return;
  const { disconnectDb } = await import("@/lib/db/client");
  try {
    const moved = await importAll();
    if (moved.imported > 0) log(`uploads: moved ${moved.imported} images from ${moved.directory} into ${moved.storage}; the directory can be deleted`);
  } catch (error) {
    log(`uploads: could not move the images under ${uploadDir()} (run \`npm run boomerang -- uploads:import\`): ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await disconnectDb();
  }
}

// Without provider keys, Stripe and Plaid flows run against local sandboxes (the app and the worker call both).
async function startStripeSandbox() {
  const { launchStripeSandbox } = await import("@/dev/sandbox/stripe/launch");
  return launchStripeSandbox({
    appUrl,
    dir: path.join(".data", "sandbox"),
    port: Number(process.env.STRIPE_SANDBOX_PORT ?? 12111),
    log,
  });
}

// Plaid: without PLAID_CLIENT_ID/PLAID_SECRET a local Plaid sandbox stands in (dev/sandbox/plaid), state in .data/sandbox.
async function startPlaidSandbox(): Promise<{ stop(): Promise<void> } | null> {
  if ((process.env.PLAID_CLIENT_ID && process.env.PLAID_SECRET) || process.env.PLAID_SANDBOX_URL) return null;
  const { startPlaidSandbox } = await import("@/dev/sandbox/plaid/server");
  const sandbox = await startPlaidSandbox({
    port: Number(process.env.PLAID_SANDBOX_PORT ?? Number(port) + 10000),
    appUrl,
    stateFile: path.join(".data", "sandbox", "plaid.json"),
  });
  process.env.PLAID_SANDBOX_URL = sandbox.url;
  log(`Plaid: local sandbox at ${sandbox.url} (set PLAID_CLIENT_ID and PLAID_SECRET to use Plaid)`);
  return sandbox;
}

async function startJobs(): Promise<{ stop(): Promise<void> } | null> {
  if (process.env.BOOMERANG_WORKER === "0") return null;
  try {
    const { startWorker } = await import("@/lib/jobs/start-worker");
    const worker = await startWorker();
    log("background jobs: worker running in this process (BOOMERANG_WORKER=0 to run `npm run worker` separately)");
    return worker;
  } catch (error) {
    log(`background jobs: the worker did not start: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<number> } {
  const child = spawn(process.execPath, [next, ...args], { stdio: "inherit", env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  const exited = new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
  return { child, exited };
}

async function main(): Promise<number> {
  const [database, stripeSandbox, plaidSandbox] = await Promise.all([prepareDatabase(), startStripeSandbox(), startPlaidSandbox()]);
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: authSecret(),
    NEXTAUTH_URL: appUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    ...stripeSandbox.env,
    ...(database.embedded ? { BOOMERANG_DEMO: process.env.BOOMERANG_DEMO ?? "1" } : {}),
  };

  let code = 0;
  if (mode === "start" && !existsSync(path.join(".next", "BUILD_ID"))) {
    log("no production build yet: running next build");
    code = await run(["build"], env).exited;
  }
  let worker: Promise<{ stop(): Promise<void> } | null> = Promise.resolve(null);
  if (code === 0) {
    rememberAppUrl(appUrl);
    log(`app: ${appUrl}`);
    const app = run(nextArgs, env);
    worker = startJobs();
    if (mode === "dev" && process.env.BOOMERANG_WARMUP !== "0") {
      const demo = database.embedded || process.env.BOOMERANG_SEED === "1";
      const { DEMO_PASSWORD } = await import("./seed");
      const { warmUp } = await import("@/dev/warm-up");
      void warmUp({ appUrl, demoPassword: demo ? DEMO_PASSWORD : null, log }).catch((error: unknown) => log(`warming up stopped: ${String(error)}`));
    }
    code = await app.exited;
  }
  const running = await worker;
  if (running) {
    await running.stop();
    const { disconnectDb } = await import("@/lib/db/client");
    await disconnectDb().catch(() => {});
  }
  await stripeSandbox.sandbox?.stop();
  await plaidSandbox?.stop();
  await database.stop();
  return code;
}

// The in-process worker's connections may drop (database restart): log it, keep serving; pg-boss reconnects.
process.on("uncaughtException", (error) => {
  if (isDatabaseUnavailable(error)) return log(`database connection lost (carrying on): ${error.message}`);
  log(`uncaught exception: ${error.stack ?? error.message}`);
  process.exit(1);
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
