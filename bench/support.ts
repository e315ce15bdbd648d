import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;
import pg from "pg";

/** Small helpers every benchmark shares. */
export const log = (m: string) => process.stdout.write(`${m}\n`);
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `serverUrl` with its database replaced by `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` on a short-lived connection (for CREATE / DROP DATABASE on the server). */
export async function onServer<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** An integer command-line option of at least `min`, or an error naming the flag. */
export function intOption<V extends Record<string, unknown>>(values: V, name: keyof V & string, min: number): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
}

/** p50, p99 and max of latencies in milliseconds, rounded to 0.01 ms. */
export function latencyStats(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  return { p50Ms: round(percentile(sorted, 50), 2), p99Ms: round(percentile(sorted, 99), 2), maxMs: round(sorted.at(-1) ?? Number.NaN, 2) };
}

// ─── Options every benchmark against `next start` takes ─────────────────────────────────────────────

const SERVER_BENCH_OPTIONS = {
  seconds: { type: "string", default: "15" },
  warmup: { type: "string", default: "2" },
  connections: { type: "string", default: "32" },
  members: { type: "string", default: "200" },
  "health-seconds": { type: "string", default: "5" },
  build: { type: "boolean", default: false },
  keep: { type: "boolean", default: false },
  "split-cores": { type: "boolean", default: false },
} as const satisfies ParseArgsOptionsConfig;

export type ServerBenchOptions = {
  seconds: number;
  warmupSeconds: number;
  connections: number;
  members: number;
  /** The GET /api/health run beside the measured route: always at least one second. */
  healthSeconds: number;
  build: boolean;
  keep: boolean;
  /** `next start` on a core of its own, PostgreSQL and the load generator on the rest: see splitCores. */
  splitCores: boolean;
};

/**
 * The command line of a benchmark against `next start`: the shared options (--seconds 15, --warmup 2,
 * --connections 32, --members 200, --health-seconds 5, --build, --keep, --split-cores) checked and named, plus the
 * benchmark's own `extra` options as parsed values (read them with `int` for integers).
 */
export function parseServerBenchArgs<const E extends ParseArgsOptionsConfig>(extra: E, args?: string[]) {
  const options: ParseArgsOptionsConfig = { ...SERVER_BENCH_OPTIONS, ...extra };
  const parsed = parseArgs({ args, options, strict: true, allowPositionals: false });
  // Each value is a string or a boolean, as its option's `type` says.
  const values = parsed.values as Record<keyof E | keyof typeof SERVER_BENCH_OPTIONS, string | boolean | undefined>;
  const int = (name: keyof E & string | keyof typeof SERVER_BENCH_OPTIONS, min: number) => intOption(values, name, min);
  const common: ServerBenchOptions = {
    seconds: int("seconds", 1),
    warmupSeconds: int("warmup", 0),
    connections: int("connections", 1),
    members: int("members", 1),
    healthSeconds: int("health-seconds", 1),
    build: values.build === true,
    keep: values.keep === true,
    splitCores: values["split-cores"] === true,
  };
  return { common, values, int };
}

// ─── HTTP load on keep-alive connections ────────────────────────────────────────────────────────────

export type Answer = { status: number; body: string };
export type HttpClient = {
  request(method: string, pathname: string, headers: Record<string, string>, body?: string): Promise<Answer>;
  /** Ends the connections. */
  close(): void;
};

/** At most `connections` keep-alive HTTP/1.1 connections to `base`, shared by every request made through it. */
export function httpClient(base: URL, connections: number): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const request = (method: string, pathname: string, headers: Record<string, string>, body?: string) =>
    new Promise<Answer>((resolve, reject) => {
      const all = body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) };
      const req = http.request({ host: base.hostname, port: base.port, path: pathname, method, agent, headers: all, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error("request timed out after 30 s")));
      req.on("error", reject);
      req.end(body);
    });
  return { request, close: () => agent.destroy() };
}

export type CpuUse = { appMs: number; databaseMs: number };
export type Meter = () => Promise<{ stop(): Promise<CpuUse> }>;

/**
 * The ceiling of any route on this server: GET /api/health through `client` (the benchmark's own keep-alive
 * connections, `connections` loops) for `seconds` after a 1 s warm-up. Answers per second, how many, and the
 * CPU spent meanwhile when a `meter` is given.
 */
export function healthCeiling(client: HttpClient, connections: number, seconds: number, meter?: Meter): Promise<{ perSecond: number; ok: number; cpu: CpuUse | null }> {
  return steadyRate(client, connections, seconds, { method: "GET", path: "/api/health", expect: 200 }, meter);
}

/**
 * One request sent over and over from `connections` loops for `seconds` after a 1 s warm-up: answers with the
 * `expect` status per second, how many, and the CPU spent meanwhile when a `meter` is given.
 */
export async function steadyRate(
  client: HttpClient,
  connections: number,
  seconds: number,
  call: { method: string; path: string; headers?: Record<string, string>; body?: string; expect: number },
  meter?: Meter,
): Promise<{ perSecond: number; ok: number; cpu: CpuUse | null }> {
  let measuring = false;
  let ok = 0;
  const deadline = Date.now() + (1 + seconds) * 1000;
  const loop = async () => {
    while (Date.now() < deadline) {
      const { status } = await client.request(call.method, call.path, call.headers ?? {}, call.body).catch(() => ({ status: 0 }));
      if (measuring && status === call.expect) ok++;
    }
  };
  const loops = Array.from({ length: connections }, () => loop());
  await sleep(1000);
  const cpuMeasure = meter ? await meter() : null;
  measuring = true;
  const started = performance.now();
  await sleep(seconds * 1000);
  measuring = false;
  const cpu = cpuMeasure ? await cpuMeasure.stop() : null;
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(loops);
  return { perSecond: round(ok / elapsed), ok, cpu };
}

/** Stops a child process (its whole process group when it was started detached): SIGTERM, then SIGKILL after 5 s. */
export async function stopChild(child: ChildProcess | null, group: boolean): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const kill = (sig: NodeJS.Signals) => {
    try {
      if (group && child.pid) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  kill("SIGTERM");
  const timer = setTimeout(() => kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const nextBin = path.join(projectRoot, "node_modules", "next", "dist", "bin", "next");

/**
 * `next start` on a free port of 127.0.0.1, in its own process group (stopped as a whole with stopChild, and
 * Ctrl-C reaches the benchmark, not it), with a fresh NEXTAUTH_SECRET; resolves once /api/health answers.
 * `onSpawn` gets the child at once, so a benchmark can stop it even if it never becomes healthy; its last
 * output lines are kept in `tail`.
 */
export async function startNext(opts: {
  env: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  /** The CPUs the server may run on (taskset's list, e.g. "1"): see splitCores. */
  cpus?: string;
  tail: string[];
  onSpawn: (child: ChildProcess) => void;
}): Promise<{ child: ChildProcess; base: URL; port: number }> {
  const port = await freePort();
  const command = [process.execPath, ...(opts.nodeArgs ?? []), nextBin, "start", "-p", String(port), "-H", "127.0.0.1"];
  // taskset sets the affinity and then becomes the server (exec): the child's pid is the server's.
  const [file, ...args] = opts.cpus ? ["taskset", "-c", opts.cpus, ...command] : command;
  const child = spawn(file!, args, {
    cwd: projectRoot,
    env: { ...opts.env, PORT: String(port), NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), NEXTAUTH_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  opts.onSpawn(child);
  const keepTail = (chunk: Buffer) => {
    for (const l of chunk.toString().split("\n")) {
      if (!l.trim()) continue;
      opts.tail.push(l);
      if (opts.tail.length > 60) opts.tail.shift();
    }
  };
  child.stdout!.on("data", keepTail);
  child.stderr!.on("data", keepTail);
  const base = new URL(`http://127.0.0.1:${port}`);
  const readyBy = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${opts.tail.join("\n")}`);
    const ok = await fetch(new URL("/api/health", base), { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { child, base, port };
    if (Date.now() > readyBy) throw new Error(`next start did not answer /api/health within 60 s:\n${opts.tail.join("\n")}`);
    await sleep(200);
  }
}

/** The server's last lines, on stderr, when a benchmark fails. */
export function printServerTail(tail: string[]): void {
  if (!tail.length) return;
  process.stderr.write("server output (last lines):\n");
  for (const l of tail.slice(-30)) process.stderr.write(`  | ${l}\n`);
}

/** Runs a benchmark's main: a failure prints its stack and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

/**
 * One benchmark run's database (a fresh `boomerang_bench_<kind>_<timestamp>` on the server at
 * BENCH_DATABASE_URL) and the child processes it starts, cleaned up together — on the way out and on Ctrl-C or
 * SIGTERM: the children are stopped, then the database is dropped (kept with `keep`).
 */
export function benchRun(kind: string, opts: { keep: boolean }) {
  const serverUrl = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const ts = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${Math.random().toString(36).slice(2, 6)}`;
  const dbName = `boomerang_bench_${kind}_${ts}`;
  const children: { child: ChildProcess; group: boolean }[] = [];
  const undo: (() => Promise<void>)[] = [];
  let created = false;
  let cleaned: Promise<void> | null = null;
  const run = {
    serverUrl,
    dbName,
    url: databaseUrl(serverUrl, dbName),
    /** Stops `child` at cleanup (its whole process group when `group`); returns it. */
    track<C extends ChildProcess>(child: C, group = false): C {
      children.push({ child, group });
      return child;
    },
    /** Runs `fn` at cleanup, after the children stopped (to put back what the run changed). */
    atCleanup(fn: () => Promise<void>): void {
      undo.push(fn);
    },
    async pgVersion(): Promise<string> {
      return onServer(serverUrl, async (c) => (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v);
    },
    async createDatabase(): Promise<void> {
      await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${dbName}"`));
      created = true;
    },
    cleanup: (): Promise<void> =>
      (cleaned ??= (async () => {
        for (const { child, group } of children) await stopChild(child, group);
        for (const fn of undo.reverse()) await fn().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
        if (!created) return;
        if (opts.keep) {
          log(`kept database ${dbName}`);
          return;
        }
        await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch((error: unknown) => {
          process.stderr.write(`could not drop ${dbName}: ${String(error)}\n`);
        });
      })()),
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => {
      process.stderr.write(`\n${sig}: stopping the server and dropping ${dbName}\n`);
      void run.cleanup().finally(() => process.exit(130));
    });
  return run;
}

// ─── --split-cores ──────────────────────────────────────────────────────────────────────────────────

const execFileAsync = (file: string, args: string[]) =>
  new Promise<string>((resolve, reject) => execFile(file, args, (error, stdout, stderr) => (error ? reject(new Error(`${file} ${args.join(" ")}: ${stderr || error.message}`)) : resolve(stdout))));

/**
 * --split-cores: the deployment-like measurement on one machine. `next start` gets the last core to itself;
 * PostgreSQL (its postmaster and every backend, present and to come) and this process, the load generator,
 * share the others. Then the server's main thread, not the machine, is what saturates, and a route's figure
 * beside health's is the ratio of their costs in the app server alone, as when the database has a host of its
 * own. Needs Linux, `taskset`, at least two cores, and PostgreSQL on this machine with the right to set its
 * CPU affinity (root); PostgreSQL is given every core back at cleanup. Returns the server's CPU list.
 */
export async function splitCores(run: { serverUrl: string; atCleanup(fn: () => Promise<void>): void }): Promise<string> {
  const n = os.cpus().length;
  if (n < 2) throw new Error("--split-cores needs at least two cores");
  // The backend's parent, read while its connection is open (the backend ends with it).
  const postmaster = await onServer(run.serverUrl, async (c) => {
    const backend = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const fields = statFields(backend);
    if (!fields) throw new Error("--split-cores needs PostgreSQL on this machine (its backend's process is not here)");
    return Number(fields[1]);
  });
  const rest = n === 2 ? "0" : `0-${n - 2}`;
  // The postmaster first, so that a refusal (not root) stops the run here; the backends it forks later inherit
  // its CPUs, and those running now are set one by one (one may end meanwhile).
  const pin = async (cpus: string) => {
    const [first, ...others] = processTree(postmaster);
    await execFileAsync("taskset", ["-a", "-cp", cpus, String(first)]);
    for (const pid of others) await execFileAsync("taskset", ["-a", "-cp", cpus, String(pid)]).catch(() => undefined);
  };
  run.atCleanup(() => pin(`0-${n - 1}`));
  await pin(rest);
  await execFileAsync("taskset", ["-a", "-cp", rest, String(process.pid)]);
  return String(n - 1);
}

/** Every source file under `dir` newer than `since` (first few), to warn about a stale build. */
function newerThan(dir: string, since: number, found: string[] = [], limit = 3): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const e of entries) {
    if (found.length >= limit) break;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newerThan(p, since, found, limit);
    else if (/\.(ts|tsx)$/.test(e.name) && !e.name.includes(".test.") && statSync(p).mtimeMs > since) found.push(path.relative(projectRoot, p));
  }
  return found;
}

/** Runs a command in the project, feeding each line of its output to `onLine`; resolves with its exit code. */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void, track?: (c: ChildProcess | null) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    track?.(child);
    let buf = "";
    const feed = (chunk: Buffer) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    };
    child.stdout.on("data", feed);
    child.stderr.on("data", feed);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (buf) onLine(buf);
      track?.(null);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/**
 * `next build` when asked (`rebuild`), when there is no build, or when the build lacks `builtFile` (a route
 * the benchmark needs); otherwise a warning when app/ or lib/ changed since the build.
 */
export async function ensureBuild(opts: { rebuild: boolean; env: NodeJS.ProcessEnv; builtFile: string; lacks: string; onSpawn: (child: ChildProcess) => void }): Promise<void> {
  const buildId = path.join(projectRoot, ".next", "BUILD_ID");
  const reason = opts.rebuild ? "--build" : !existsSync(buildId) ? "no build yet" : !existsSync(opts.builtFile) ? `the build has no ${opts.lacks}` : null;
  if (!reason) {
    const since = statSync(buildId).mtimeMs;
    const stale = [...newerThan(path.join(projectRoot, "app"), since), ...newerThan(path.join(projectRoot, "lib"), since)];
    if (stale.length) log(`warning: the build may be stale (e.g. ${stale.join(", ")} changed since); pass --build to rebuild`);
    return;
  }
  log(`building the app (${reason})`);
  const tail: string[] = [];
  const code = await runCommand(process.execPath, [nextBin, "build"], opts.env, (l) => {
    tail.push(l);
    if (tail.length > 40) tail.shift();
  }, (c) => c && opts.onSpawn(c));
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${tail.join("\n")}`);
}

// ─── CPU per request ────────────────────────────────────────────────────────────────────────────────

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

/** The fields of /proc/<pid>/stat after the command name (state, ppid, …), or null once the process is gone. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** utime + stime of a process, in clock ticks (0 once it is gone). */
function cpuTicks(pid: number): number {
  const fields = statFields(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) : 0;
}

/** A process and its descendants (next start serves from a child process). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    // null: gone meanwhile
    if (fields) children.set(Number(fields[1]), [...(children.get(Number(fields[1])) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * CPU the app server (its process tree) and PostgreSQL (the backends connected to `dbName`) spend during a
 * phase: `const meter = await cpuMeter(…); …load…; const used = await meter.stop()`. Figures in CPU
 * milliseconds; the backends are read on the same machine through /proc (Linux only; zeros elsewhere).
 */
export async function cpuMeter(serverPid: number, url: string, dbName: string): Promise<{ stop(): Promise<CpuUse> }> {
  const backends = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName])).rows.map((r) => r.pid);
    } finally {
      await c.end();
    }
  };
  const app0 = processTree(serverPid).reduce((s, pid) => s + cpuTicks(pid), 0);
  const db0 = new Map((await backends()).map((pid) => [pid, cpuTicks(pid)]));
  return {
    async stop() {
      const app1 = processTree(serverPid).reduce((s, pid) => s + cpuTicks(pid), 0);
      const pids = await backends();
      const db1 = pids.reduce((s, pid) => s + cpuTicks(pid) - (db0.get(pid) ?? 0), 0);
      return { appMs: ((app1 - app0) * 1000) / CLOCK_TICKS_PER_SECOND, databaseMs: (db1 * 1000) / CLOCK_TICKS_PER_SECOND };
    },
  };
}
