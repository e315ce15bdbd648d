import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { resolveDatabase, startEmbeddedServer } from "./embedded-db";

const SLOW = 120_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "embedded-db-test-"));
  dirs.push(dir);
  return path.join(dir, "pglite");
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` with DATABASE_URL unset (the test setup points it at a test database). */
async function withoutDatabaseUrl<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    return await fn();
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
}

async function one<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Another process that opens `dataDir` through resolveDatabase() and holds it until killed. */
async function holdInChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const script = path.join(path.dirname(dataDir), "hold.mts");
  writeFileSync(
    script,
    `import { resolveDatabase } from ${JSON.stringify(path.join(root, "dev", "embedded-db.ts"))};\n` +
      `const db = await resolveDatabase({ dataDir: ${JSON.stringify(dataDir)} });\n` +
      `console.log("URL " + db.url);\nsetInterval(() => {}, 1000);\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  // One process (not the tsx CLI, which runs the script in a child of its own): its pid is the lock's.
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /URL (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return { child, url };
}

describe("embedded PostgreSQL (PGlite over the wire protocol)", () => {
  it(
    "serves a pg pool of 10 concurrent clients correctly, and keeps its data across a restart",
    async () => {
      const dataDir = tempDataDir();
      const server = await startEmbeddedServer({ dataDir });
      expect(server.url).toContain("sslmode=disable");
      expect(existsSync(`${dataDir}.lock`)).toBe(true);

      const pool = new pg.Pool({ connectionString: server.url, max: 10 });
      await pool.query(`CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)`);
      await pool.query(`INSERT INTO counters SELECT g, 0 FROM generate_series(1, 10) g`);
      const wrong: string[] = [];
      // Parameterised queries (Parse/Bind/Execute/Sync) of different shapes from 10 connections at once,
      // mixed with read-modify-write transactions.
      await Promise.all(
        Array.from({ length: 400 }, async (_, i) => {
          const id = (i % 10) + 1;
          if (i % 4 === 0) {
            const client = await pool.connect();
            try {
              await client.query("BEGIN");
              const { rows } = await client.query<{ n: number }>("SELECT n FROM counters WHERE id = $1 FOR UPDATE", [id]);
              await client.query("UPDATE counters SET n = $1 WHERE id = $2", [rows[0]!.n + 1, id]);
              await client.query("COMMIT");
            } finally {
              client.release();
            }
          } else if (i % 4 === 1) {
            const { rows } = await pool.query("SELECT $1::int + 1 AS n, $2::text AS s", [i, `s${i}`]);
            if (rows[0]?.n !== i + 1 || rows[0]?.s !== `s${i}`) wrong.push(`sum ${i}`);
          } else if (i % 4 === 2) {
            const { rows } = await pool.query("SELECT $1::text AS s", [`t${i}`]);
            if (rows[0]?.s !== `t${i}`) wrong.push(`text ${i}`);
          } else {
            const { rows } = await pool.query("SELECT id FROM counters WHERE id = $1", [id]);
            if (rows[0]?.id !== id) wrong.push(`row ${i}`);
          }
        }),
      );
      expect(pool.totalCount).toBe(10);
      expect(wrong).toEqual([]);
      expect((await pool.query("SELECT sum(n)::int AS total FROM counters")).rows).toEqual([{ total: 100 }]);
      await pool.end();

      await server.stop();
      expect(existsSync(`${dataDir}.lock`)).toBe(false);

      const again = await startEmbeddedServer({ dataDir });
      try {
        expect(await one(again.url, "SELECT sum(n)::int AS total FROM counters")).toEqual([{ total: 100 }]);
      } finally {
        await again.stop();
      }
    },
    SLOW,
  );

  it(
    "refuses to open a data directory twice, and connections to databases it does not have",
    async () => {
      const dataDir = tempDataDir();
      const server = await startEmbeddedServer({ dataDir });
      try {
        await expect(startEmbeddedServer({ dataDir })).rejects.toThrow(/already open in process/);
        const other = new URL(server.url);
        other.pathname = "/some_other_db";
        await expect(one(other.toString(), "SELECT 1")).rejects.toThrow(/does not exist/);
      } finally {
        await server.stop();
      }
    },
    SLOW,
  );

  it(
    "resolveDatabase reuses the server another process runs on the data directory instead of opening it again",
    async () => {
      const dataDir = tempDataDir();
      const holder = await holdInChild(dataDir);
      const lock = JSON.parse(readFileSync(`${dataDir}.lock`, "utf8")) as { pid: number; url: string };
      expect(lock.url).toBe(holder.url);
      expect(lock.pid).toBe(holder.child.pid);

      const reused = await withoutDatabaseUrl(() => resolveDatabase({ dataDir }));
      expect(reused).toMatchObject({ url: holder.url, embedded: true });
      await one(reused.url, "CREATE TABLE shared (v text); INSERT INTO shared VALUES ('written through the other process')");
      await reused.stop(); // not ours: must leave the other process' server running
      expect(await one(holder.url, "SELECT count(*)::int AS c FROM shared")).toEqual([{ c: 1 }]);

      // SIGTERM: the holder closes PGlite and removes its lock; the next resolveDatabase opens the directory itself.
      const exited = new Promise((resolve) => holder.child.on("exit", resolve));
      holder.child.kill("SIGTERM");
      await exited;
      expect(existsSync(`${dataDir}.lock`)).toBe(false);

      const own = await withoutDatabaseUrl(() => resolveDatabase({ dataDir }));
      try {
        expect(own.url).not.toBe(holder.url);
        expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8")).pid).toBe(process.pid);
        expect(await one(own.url, "SELECT v FROM shared")).toEqual([{ v: "written through the other process" }]);
      } finally {
        await own.stop();
      }
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
    },
    SLOW,
  );

  it(
    "resolveDatabase takes over the lock of a process that died without cleaning up",
    async () => {
      const dataDir = tempDataDir();
      const holder = await holdInChild(dataDir);
      const exited = new Promise((resolve) => holder.child.on("exit", resolve));
      holder.child.kill("SIGKILL");
      await exited;
      expect(existsSync(`${dataDir}.lock`)).toBe(true);

      expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8")).pid).toBe(holder.child.pid);

      const own = await withoutDatabaseUrl(() => resolveDatabase({ dataDir }));
      try {
        expect(own).toMatchObject({ embedded: true });
        expect(own.url).not.toBe(holder.url);
        expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8")).pid).toBe(process.pid);
        expect(await one(own.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
      } finally {
        await own.stop();
      }
    },
    SLOW,
  );

  it("resolveDatabase returns DATABASE_URL when it is set", async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgresql://someone@db.example:5432/app";
    try {
      const resolved = await resolveDatabase({ dataDir: tempDataDir() });
      expect(resolved).toMatchObject({ url: "postgresql://someone@db.example:5432/app", embedded: false });
      await resolved.stop();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
