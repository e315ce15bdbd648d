import { randomBytes } from "node:crypto";
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type * as PGliteServer from "../scripts/prisma-engine/pglite-server.mjs";

/**
 * The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) with its data under .data/pglite,
 * served over the PostgreSQL wire protocol on 127.0.0.1 so that everything (pg, Prisma, psql) connects to it
 * like to a server. One process opens the data directory and serves it; the others find it through the lock
 * file `<dataDir>.lock` (JSON: pid, port, url) and connect to it. Two processes must never open the same
 * directory: PGlite has no multi-process locking, and writes get lost.
 *
 * Differences from a real server: one database (`postgres`; connecting to another name fails), statements
 * run one at a time (transactions are serialised), SERIALIZABLE is not honoured.
 */

export type ResolvedDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** `.data/pglite` in the project, or BOOMERANG_PGLITE_DIR. */
export function defaultDataDir(): string {
  return path.resolve(process.env.BOOMERANG_PGLITE_DIR ?? path.join(projectRoot, ".data", "pglite"));
}

// PGlite loads only when this process serves the database: a process with DATABASE_URL never pays for it.
const servePGlite: typeof PGliteServer.servePGlite = async (opts) =>
  (await import("../scripts/prisma-engine/pglite-server.mjs")).servePGlite(opts);

type LockState = {
  pid: number;
  bootId: string | null;
  /** Start time of `pid` (clock ticks since boot, from /proc), to tell it from a later process with the same pid. */
  procStart: string | null;
  token: string;
  dataDir: string;
  port: number | null;
  url: string | null;
  startedAt: string;
};

function lockFile(dataDir: string): string {
  return `${dataDir}.lock`;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function bootId(): string | null {
  return readText("/proc/sys/kernel/random/boot_id")?.trim() ?? null;
}

function procStart(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  // Field 22 (starttime); the command name (field 2) may contain spaces, so count after its ")".
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
}

function ownerAlive(state: LockState): boolean {
  if (state.bootId && bootId() && state.bootId !== bootId()) return false;
  try {
    process.kill(state.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = procStart(state.pid);
  return !(state.procStart && start && state.procStart !== start);
}

function parseState(raw: string | null): LockState | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as LockState;
  } catch {
    return null;
  }
}

function writeState(file: string, state: LockState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}

function removeLockIfOurs(file: string, token: string): void {
  if (parseState(readText(file))?.token === token) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Acquired = { acquired: true; token: string } | { acquired: false; state: LockState };

/** Takes the lock of `dataDir`, or returns the state of the live process holding it. */
async function acquireOrFindOwner(dataDir: string): Promise<Acquired> {
  const file = lockFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const token = randomBytes(12).toString("hex");
    const state: LockState = {
      pid: process.pid,
      bootId: bootId(),
      procStart: procStart(process.pid),
      token,
      dataDir,
      port: null,
      url: null,
      startedAt: new Date().toISOString(),
    };
    try {
      const fd = openSync(file, "wx", 0o600);
      try {
        writeFileSync(fd, JSON.stringify(state, null, 2));
      } finally {
        closeSync(fd);
      }
      return { acquired: true, token };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const raw = readText(file);
    if (raw === null) continue; // released meanwhile
    const owner = parseState(raw);
    if (!owner) {
      // Being written right now (or garbage): give the writer a moment, then treat it as stale.
      if (Date.now() < deadline) {
        await sleep(100);
        continue;
      }
    } else if (ownerAlive(owner)) {
      return { acquired: false, state: owner };
    }
    // Stale: move it aside atomically (only one process can) and check it is the file we judged stale.
    const aside = `${file}.stale-${process.pid}-${token}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    if (readText(aside) !== raw) {
      // Another process replaced the stale lock with its own in between: put that one back.
      try {
        linkSync(aside, file);
      } catch {
        // a third process holds the lock now; ours is no longer needed
      }
    }
    unlinkSync(aside);
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The embedded servers this process runs, by data directory. */
const runningHere = new Map<string, { url: string; port: number; stop(): Promise<void> }>();

async function serveDataDir(
  dataDir: string,
  token: string,
  port: number | undefined,
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const file = lockFile(dataDir);
  let server: Awaited<ReturnType<typeof servePGlite>>;
  try {
    mkdirSync(dataDir, { recursive: true });
    server = await servePGlite({ dataDir, port: port ?? 0 });
  } catch (error) {
    removeLockIfOurs(file, token);
    throw error;
  }
  const state = parseState(readText(file));
  if (state?.token === token) writeState(file, { ...state, port: server.port, url: server.url });

  let stopping: Promise<void> | undefined;
  const onExit = () => removeLockIfOurs(file, token);
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => {
      // Nobody else handles the signal: let it terminate the process as it would have.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  function stop(): Promise<void> {
    stopping ??= (async () => {
      for (const signal of signals) process.off(signal, onSignal);
      runningHere.delete(dataDir);
      try {
        await server.stop();
      } finally {
        removeLockIfOurs(file, token);
        process.off("exit", onExit);
      }
    })();
    return stopping;
  }
  for (const signal of signals) process.on(signal, onSignal);
  process.on("exit", onExit);
  const handle = { url: server.url, port: server.port, stop };
  runningHere.set(dataDir, handle);
  return handle;
}

/**
 * Starts PGlite on `dataDir` (undefined: in memory, gone when stopped) and serves it on 127.0.0.1:`port`
 * (default: a free port). A data directory is locked (see `resolveDatabase`); opening one that another live
 * process holds fails. SIGINT/SIGTERM/SIGHUP stop the server cleanly (PGlite closed, lock removed).
 */
export async function startEmbeddedServer(opts: {
  dataDir?: string;
  port?: number;
}): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  if (opts.dataDir === undefined) {
    const server = await servePGlite({ port: opts.port ?? 0 });
    return { url: server.url, port: server.port, stop: () => server.stop() };
  }
  const dataDir = path.resolve(opts.dataDir);
  const lock = await acquireOrFindOwner(dataDir);
  if (!lock.acquired) {
    const { pid, port } = lock.state;
    throw new Error(`${dataDir} is already open in process ${pid}${port ? ` (serving on port ${port})` : ""}.`);
  }
  return serveDataDir(dataDir, lock.token, opts.port);
}

/**
 * DATABASE_URL when set; otherwise the embedded database: reuses an already-running embedded server
 * (another process started it: a lock/state file under .data records pid + port; check pid alive and
 * port answers) or starts one in THIS process on 127.0.0.1 and a free port. Two processes must never
 * open the same data dir (writes get lost), so guard with the lock file.
 *
 * `stop()` stops the server when this call started it, and does nothing otherwise.
 */
export async function resolveDatabase(opts?: { dataDir?: string; log?: (msg: string) => void }): Promise<ResolvedDatabase> {
  const log = opts?.log ?? (() => {});
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, embedded: false, stop: async () => {} };

  const dataDir = path.resolve(opts?.dataDir ?? defaultDataDir());
  const relative = path.relative(process.cwd(), dataDir);
  const shown = relative && !relative.startsWith("..") ? relative : dataDir;
  const noop = async () => {};
  const deadline = Date.now() + 60_000;
  for (;;) {
    const here = runningHere.get(dataDir);
    if (here) return { url: here.url, embedded: true, stop: noop };

    const lock = await acquireOrFindOwner(dataDir);
    if (lock.acquired) {
      const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
      const started = Date.now();
      const server = await serveDataDir(dataDir, lock.token, undefined);
      log(
        `embedded PostgreSQL (PGlite) on 127.0.0.1:${server.port}, data in ${shown}${fresh ? " (new)" : ""}, ready in ${Date.now() - started} ms`,
      );
      return { url: server.url, embedded: true, stop: server.stop };
    }

    const owner = lock.state;
    if (owner.url && (await answers(owner.url))) {
      log(`embedded PostgreSQL: using the server of process ${owner.pid} on 127.0.0.1:${owner.port} (data in ${shown})`);
      return { url: owner.url, embedded: true, stop: noop };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Process ${owner.pid} holds ${lockFile(dataDir)} but its embedded database does not answer${owner.port ? ` on port ${owner.port}` : ""}. ` +
          `Stop that process, or delete the lock file if it is not a Boomerang process.`,
      );
    }
    // Still starting (opening a new data directory takes a few seconds), or it just stopped: look again.
    await sleep(250);
  }
}
