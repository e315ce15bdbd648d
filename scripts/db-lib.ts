import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { APPLIED_MIGRATIONS_SQL, pendingMigrations, releaseMigrations } from "@/lib/db/migration-status";

/**
 * Running the real Prisma CLI offline: its schema engine is our bridge to the WebAssembly engine
 * (scripts/prisma-engine/schema-engine.mjs) instead of the native binary it would download.
 */

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const schemaEngineBridge = path.join(projectRoot, "scripts", "prisma-engine", "schema-engine.mjs");
const prismaCli = path.join(projectRoot, "node_modules", "prisma", "build", "index.js");

/** The environment for Prisma CLI runs: the engine bridge, and no update checks (there is no network). */
export function prismaEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineBridge,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  };
}

export type PrismaRun = { code: number; output: string };

/**
 * Runs `prisma <args>` from the project root. `databaseUrl` becomes DATABASE_URL (read by prisma.config.ts).
 * With `capture`, stdout and stderr are collected into `output` instead of being shown.
 */
export function runPrisma(
  args: string[],
  opts: { databaseUrl?: string; capture?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<PrismaRun> {
  const env = { ...prismaEnv(), ...opts.env };
  if (opts.databaseUrl !== undefined) env.DATABASE_URL = opts.databaseUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, ...args], {
      cwd: projectRoot,
      env,
      stdio: opts.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 128 + 2 : 1), output }));
  });
}

const CLI_NOISE = /^(Loaded Prisma config from|Prisma schema loaded from|Datasource "|\d+ migrations? found in)/;

/**
 * Applies the pending migrations of prisma/migrations to `databaseUrl` (`prisma migrate deploy`). Quiet
 * unless it applied something (one line on stderr) or failed (throws with the CLI's output).
 */
export async function migrateDeploy(databaseUrl: string): Promise<void> {
  const run = await runPrisma(["migrate", "deploy"], { databaseUrl, capture: true });
  if (run.code !== 0) {
    const output = run.output
      .split("\n")
      .filter((line) => !CLI_NOISE.test(line))
      .join("\n")
      .trim();
    throw new Error(`prisma migrate deploy failed (exit ${run.code}):\n${output}`);
  }
  const applied = [...run.output.matchAll(/└─ (\d+_[^/\s]+)\//g)].map((m) => m[1]);
  if (applied.length > 0) process.stderr.write(`[db] applied migration${applied.length > 1 ? "s" : ""}: ${applied.join(", ")}\n`);
}

/**
 * True when every migration in prisma/migrations is recorded as applied, with the same checksum (sha256 of
 * its migration.sql, as Prisma records it), in `databaseUrl`. One query instead of starting the Prisma CLI
 * (~3 s): a start with nothing to migrate skips `migrate deploy`; anything else (a new or edited migration,
 * a failed one, a database Prisma never touched) leaves the judgement to it.
 */
export async function migrationsApplied(databaseUrl: string): Promise<boolean> {
  const local = releaseMigrations(projectRoot) ?? [];
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string; checksum: string; ok: boolean }>(APPLIED_MIGRATIONS_SQL);
    return pendingMigrations(local, rows).length === 0;
  } catch {
    return false; // no _prisma_migrations yet, or no connection: migrate deploy says what is wrong
  } finally {
    await client.end().catch(() => {});
  }
}
