import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrateDeploy } from "./db-lib";
import { freshDatabase } from "./fresh-database";

/**
 * The server the Playwright suite runs against: a fresh database (on the local PostgreSQL server, or the
 * embedded one when none answers), migrated and seeded with the demo data, and a production build of the app.
 */
const port = process.env.E2E_PORT ?? "3100";
const log = (m: string) => console.log(`[e2e-server] ${m}`);


const database = await freshDatabase("boomerang_e2e_", log);
await migrateDeploy(database.url);
process.env.DATABASE_URL = database.url;
const { seedDemo } = await import("./seed");
const { disconnectDb } = await import("@/lib/db/client");
await seedDemo(log);
await disconnectDb();

// A fresh Stripe sandbox per run (state in a temporary directory), unless real test keys are configured.
const { launchStripeSandbox } = await import("@/dev/sandbox/stripe/launch");
const { mkdtempSync } = await import("node:fs");
const { tmpdir } = await import("node:os");
const stripeSandbox = await launchStripeSandbox({ appUrl: `http://localhost:${port}`, dir: mkdtempSync(path.join(tmpdir(), "boomerang-e2e-stripe-")), port: 0, log });

// Plaid: without keys, a fresh local Plaid sandbox on E2E_PORT + 10000 (e2e/linked-account.mobile.spec.ts drives it there).
let plaidSandbox: { stop(): Promise<void> } | null = null;
if (!(process.env.PLAID_CLIENT_ID && process.env.PLAID_SECRET)) {
  const { startPlaidSandbox } = await import("@/dev/sandbox/plaid/server");
  const stateFile = path.join(".data", "sandbox", `plaid-e2e-${port}.json`);
  rmSync(stateFile, { force: true });
  const sandbox = await startPlaidSandbox({ port: Number(port) + 10000, appUrl: `http://localhost:${port}`, stateFile });
  plaidSandbox = sandbox;
  process.env.PLAID_SANDBOX_URL = sandbox.url;
}

const env = {
  ...process.env,
  ...stripeSandbox.env,
  DATABASE_URL: database.url,
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  NEXTAUTH_URL: `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
  BOOMERANG_DEMO: "1",
  // A freshly linked account can receive a withdrawal at once in the e2e suite (72 hours otherwise).
  WITHDRAWAL_COOLDOWN_HOURS: "0",
};
// What specs need to drive this server's database and sandboxes from outside (e.g. the operator CLI).
mkdirSync(".data", { recursive: true });
writeFileSync(
  path.join(".data", `e2e-${port}.json`),
  JSON.stringify({
    DATABASE_URL: database.url,
    STRIPE_SANDBOX_URL: process.env.STRIPE_SANDBOX_URL,
    PLAID_SANDBOX_URL: process.env.PLAID_SANDBOX_URL,
    WITHDRAWAL_COOLDOWN_HOURS: env.WITHDRAWAL_COOLDOWN_HOURS,
  }),
);
const next = path.join("node_modules", "next", "dist", "bin", "next");
if (process.env.E2E_SKIP_BUILD !== "1") {
  log("building the app");
  const build = spawnSync(process.execPath, [next, "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, [next, "start", "-p", port], { stdio: "inherit", env });
const stop = async () => {
  child.kill("SIGTERM");
  await plaidSandbox?.stop().catch(() => {});
  await database.cleanup().catch(() => {});
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", async (code) => {
  await database.cleanup().catch(() => {});
  process.exit(code ?? 0);
});
