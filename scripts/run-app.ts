import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { resolveDatabase } from "@/dev/embedded-db";
import { migrateDeploy } from "./db-lib";

/**
 * `npm run dev` / `npm start`: resolves the database (DATABASE_URL, or the embedded PostgreSQL under .data/),
 * applies pending migrations, seeds demo data into an empty embedded database, starts the background job
 * worker in this process (unless BOOMERANG_WORKER=0, for when `npm run worker` runs separately), then runs
 * Next.js against it.
 */
const mode = process.argv[2] === "start" ? "start" : "dev";
const log = (msg: string) => console.log(`[boomerang] ${msg}`);

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

const database = await resolveDatabase({ log });
log(`database: ${database.embedded ? "embedded PostgreSQL (.data/pglite)" : "DATABASE_URL"}`);
await migrateDeploy(database.url);
process.env.DATABASE_URL = database.url;
if (database.embedded || process.env.BOOMERANG_SEED === "1") {
  const { seedDemo, isSeeded } = await import("./seed");
  const { disconnectDb } = await import("@/lib/db/client");
  if (!(await isSeeded())) await seedDemo(log);
  await disconnectDb();
}

const port = process.env.PORT ?? "3000";
// Without provider keys, Stripe and Plaid flows run against local sandboxes, started before the worker (which calls both).
const { launchStripeSandbox } = await import("@/lib/sandbox/stripe/launch");
const stripeSandbox = await launchStripeSandbox({
  appUrl: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  dir: path.join(".data", "sandbox"),
  port: Number(process.env.STRIPE_SANDBOX_PORT ?? 12111),
  log,
});

// Plaid: without PLAID_CLIENT_ID/PLAID_SECRET a local Plaid sandbox stands in (lib/sandbox/plaid), state in .data/sandbox.
let plaidSandbox: { stop(): Promise<void> } | null = null;
if (!(process.env.PLAID_CLIENT_ID && process.env.PLAID_SECRET) && !process.env.PLAID_SANDBOX_URL) {
  const { startPlaidSandbox } = await import("@/lib/sandbox/plaid/server");
  const appUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
  const sandbox = await startPlaidSandbox({ port: Number(process.env.PLAID_SANDBOX_PORT ?? Number(port) + 10000), appUrl, stateFile: path.join(".data", "sandbox", "plaid.json") });
  plaidSandbox = sandbox;
  process.env.PLAID_SANDBOX_URL = sandbox.url;
  log(`Plaid: local sandbox at ${process.env.PLAID_SANDBOX_URL} (set PLAID_CLIENT_ID and PLAID_SECRET to use Plaid)`);
}

let worker: { stop(): Promise<void> } | null = null;
if (process.env.BOOMERANG_WORKER !== "0") {
  const { startWorker } = await import("@/lib/jobs/start-worker");
  worker = await startWorker();
  log("background jobs: worker running in this process (BOOMERANG_WORKER=0 to run `npm run worker` separately)");
}

const env = {
  ...process.env,
  DATABASE_URL: database.url,
  NEXTAUTH_SECRET: authSecret(),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
  ...stripeSandbox.env,
  ...(database.embedded ? { BOOMERANG_DEMO: process.env.BOOMERANG_DEMO ?? "1" } : {}),
};
const next = path.join("node_modules", "next", "dist", "bin", "next");

function run(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [next, ...args], { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}

let code = 0;
if (mode === "start" && !existsSync(path.join(".next", "BUILD_ID"))) {
  log("no production build yet: running next build");
  code = await run(["build"]);
}
if (code === 0) code = await run(mode === "dev" ? ["dev", "-p", port] : ["start", "-p", port]);
if (worker) {
  await worker.stop();
  const { disconnectDb } = await import("@/lib/db/client");
  await disconnectDb().catch(() => {});
}
await stripeSandbox.sandbox?.stop();
await plaidSandbox?.stop();
await database.stop();
process.exit(code);
