import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedServer } from "../../dev/embedded-db";
import { projectRoot, runPrisma } from "../db-lib";

/**
 * The offline Prisma workflow end to end: the real Prisma CLI with the schema-engine bridge, against the
 * local PostgreSQL server (a database of its own) and against an embedded PGlite server.
 */

const SERVER = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SLOW = 180_000;

async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function serverAnswers(): Promise<boolean> {
  try {
    await query(SERVER, "SELECT 1");
    return true;
  } catch {
    return false;
  }
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const MODEL_A = `model A {\n  id   Int    @id\n  note String\n}\n`;
const MIGRATION_A = `CREATE TABLE "A" (\n    "id" INTEGER NOT NULL,\n    "note" TEXT NOT NULL,\n\n    CONSTRAINT "A_pkey" PRIMARY KEY ("id")\n);\n`;

/** A throwaway Prisma project: config, schema and migrations in a temporary directory. */
function tempProject(): { dir: string; config: string; schema: string; migrations: string; addMigration(name: string, sql: string): string } {
  const dir = mkdtempSync(path.join(tmpdir(), "bridge-test-"));
  const config = path.join(dir, "prisma.config.ts");
  const schema = path.join(dir, "schema.prisma");
  const migrations = path.join(dir, "migrations");
  // No import: the file lives outside the project, where "prisma/config" does not resolve.
  writeFileSync(
    config,
    `export default { schema: "schema.prisma", migrations: { path: "migrations" }, datasource: { url: process.env.DATABASE_URL ?? "" } };\n`,
  );
  writeFileSync(schema, `datasource db {\n  provider = "postgresql"\n}\n\n${MODEL_A}`);
  mkdirSync(migrations);
  writeFileSync(path.join(migrations, "migration_lock.toml"), `provider = "postgresql"\n`);
  const addMigration = (name: string, sql: string) => {
    mkdirSync(path.join(migrations, name));
    const file = path.join(migrations, name, "migration.sql");
    writeFileSync(file, sql);
    return file;
  };
  addMigration("20260101000000_init", MIGRATION_A);
  return { dir, config, schema, migrations, addMigration };
}

/** `tsx scripts/db.ts <args>` with its output. */
function dbScript(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/db.ts", ...args], {
      cwd: projectRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

type Target = { name: string; url: string; cleanup(): Promise<void> };

const targets: Target[] = [];
const tempDirs: string[] = [];
let serverUp = false;

beforeAll(async () => {
  serverUp = await serverAnswers();
  if (serverUp) {
    const name = `bridge_test_${randomBytes(5).toString("hex")}`;
    await query(SERVER, `CREATE DATABASE "${name}"`);
    targets.push({
      name: "PostgreSQL server",
      url: withDatabaseName(SERVER, name),
      cleanup: async () => void (await query(SERVER, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
    });
  }
  const embedded = await startEmbeddedServer({});
  targets.push({ name: "embedded PGlite", url: embedded.url, cleanup: embedded.stop });
}, SLOW);

afterAll(async () => {
  for (const target of targets) await target.cleanup();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}, SLOW);

async function shadowDatabases(): Promise<string[]> {
  if (!serverUp) return [];
  const rows = await query<{ datname: string }>(SERVER, `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`);
  return rows.map((r) => r.datname).sort();
}

describe.each(["PostgreSQL server", "embedded PGlite"])("schema-engine bridge against %s", (targetName) => {
  const target = () => {
    const found = targets.find((t) => t.name === targetName);
    if (!found) throw new Error(`${targetName} is not available`);
    return found;
  };
  const available = () => targets.some((t) => t.name === targetName);

  it(
    "applies a migration with a plpgsql trigger ($$ body) atomically, with native checksums",
    async (ctx) => {
      if (!available()) ctx.skip();
      const { url } = target();
      const project = tempProject();
      tempDirs.push(project.dir);
      const trigger = project.addMigration(
        "20260102000000_trigger",
        `CREATE FUNCTION a_stamp() RETURNS trigger AS $$
BEGIN
  -- a semicolon inside the body; must not split the script
  NEW.note := NEW.note || ';stamped';
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER a_stamp BEFORE INSERT ON "A" FOR EACH ROW EXECUTE FUNCTION a_stamp();
INSERT INTO "A" (id, note) VALUES (1, 'first');
`,
      );
      const deploy = await runPrisma(["migrate", "deploy", "--config", project.config], { databaseUrl: url, capture: true });
      expect(deploy.output).toContain("All migrations have been successfully applied");
      expect(deploy.code).toBe(0);
      expect(await query(url, `SELECT note FROM "A"`)).toEqual([{ note: "first;stamped" }]);
      const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
        url,
        `SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
      );
      expect(rows).toEqual([
        { migration_name: "20260101000000_init", checksum: sha256(path.join(project.migrations, "20260101000000_init", "migration.sql")), applied_steps_count: 1 },
        { migration_name: "20260102000000_trigger", checksum: sha256(trigger), applied_steps_count: 1 },
      ]);

      // A failing statement after a trigger function and a table: nothing of the migration may remain.
      project.addMigration(
        "20260103000000_broken",
        `CREATE TABLE "B" (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE FUNCTION b_check() RETURNS trigger AS $$
BEGIN
  IF NEW.n < 0 THEN RAISE EXCEPTION 'negative'; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER b_check BEFORE INSERT ON "B" FOR EACH ROW EXECUTE FUNCTION b_check();
INSERT INTO "B" VALUES (1, 1);
INSERT INTO "A" (id, note) VALUES (2, 'second');
SELECT 1 / 0;
`,
      );
      const broken = await runPrisma(["migrate", "deploy", "--config", project.config], { databaseUrl: url, capture: true });
      expect(broken.code).not.toBe(0);
      expect(broken.output).toContain("P3018");
      expect(broken.output).toContain("20260103000000_broken");
      expect(broken.output).toContain("division by zero");
      expect(await query(url, `SELECT to_regclass('"B"') AS b, (SELECT count(*)::int FROM pg_proc WHERE proname = 'b_check') AS f`)).toEqual([
        { b: null, f: 0 },
      ]);
      expect(await query(url, `SELECT id FROM "A" ORDER BY id`)).toEqual([{ id: 1 }]);
      expect(
        await query(url, `SELECT finished_at, logs IS NOT NULL AS logged FROM _prisma_migrations WHERE migration_name = '20260103000000_broken'`),
      ).toEqual([{ finished_at: null, logged: true }]);
    },
    SLOW,
  );

  it(
    "creates a migration from a schema change (migrate dev --create-only) without applying it",
    async (ctx) => {
      if (!available()) ctx.skip();
      const url = target().url;
      const project = tempProject();
      tempDirs.push(project.dir);
      await query(url, `DROP SCHEMA public CASCADE; CREATE SCHEMA public;`);
      const before = await shadowDatabases();
      appendFileSync(project.schema, `\nmodel Extra {\n  id    Int    @id @default(autoincrement())\n  label String @unique\n}\n`);
      const run = await runPrisma(["migrate", "dev", "--create-only", "--name", "extra", "--config", project.config], {
        databaseUrl: url,
        capture: true,
      });
      expect(run.output).toContain("without applying it");
      expect(run.code).toBe(0);
      const created = readdirSync(project.migrations).find((d) => d.endsWith("_extra"));
      expect(created).toBeDefined();
      const sql = readFileSync(path.join(project.migrations, created!, "migration.sql"), "utf8");
      expect(sql).toContain(`CREATE TABLE "Extra"`);
      expect(sql).toContain(`CREATE UNIQUE INDEX "Extra_label_key"`);
      expect(sql).not.toContain(`CREATE TABLE "A"`);
      // Pending migrations (init) were applied first, the new one was not; no shadow database is left over.
      expect(await query(url, `SELECT to_regclass('"A"')::text AS a, to_regclass('"Extra"')::text AS extra`)).toEqual([{ a: '"A"', extra: null }]);
      expect(await shadowDatabases()).toEqual(before);
    },
    SLOW,
  );

  it(
    "db:check passes when schema and migrations agree and fails on a drift",
    async (ctx) => {
      if (!available()) ctx.skip();
      const project = tempProject();
      tempDirs.push(project.dir);
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.DATABASE_URL;
      if (targetName === "PostgreSQL server") env.DATABASE_URL = target().url;
      // db.ts resolves the embedded database itself: give it a data directory of its own.
      else env.BOOMERANG_PGLITE_DIR = path.join(project.dir, "pglite");
      const args = ["check", "--schema", project.schema, "--migrations", project.migrations];

      const agree = await dbScript(args, env);
      expect(agree.output).toContain("agree");
      expect(agree.code).toBe(0);

      appendFileSync(project.schema, `\nmodel Drift {\n  id Int @id\n}\n`);
      const drift = await dbScript(args, env);
      expect(drift.output).toContain("disagree");
      expect(drift.output).toContain("Drift");
      expect(drift.code).toBe(1);
    },
    SLOW,
  );
});

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}
