import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
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
export async function startNext(opts: { env: NodeJS.ProcessEnv; nodeArgs?: string[]; tail: string[]; onSpawn: (child: ChildProcess) => void }): Promise<{ child: ChildProcess; base: URL; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
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
