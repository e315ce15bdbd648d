/**
 * Ledger throughput benchmark: `npm run bench:ledger [-- --seconds N]`.
 *
 * Against the PostgreSQL server at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres):
 *   1. creates and migrates a fresh database boomerang_bench_<ts>, and funds 1,000 member accounts through `post`
 *      from an EXTERNAL account;
 *   2. runs 8 concurrent workers posting two-entry transfers (`post`, unique idempotency keys) between random
 *      accounts for N seconds and reports transfers/s and p50/p99 latency;
 *   3. runs pgbench (tpcb-like, 8 clients, scale 8) against a scratch database as the yardstick, and the ratio;
 *   3b. runs the "one provider" case: every transfer from one provider's liability to a random member (the shape
 *      of a busy shop's rewards), printed beside the spread case with its ratio to it (target ≥ 0.9);
 *   4. repeats the ledger run on only 10 hot accounts;
 *   5. checks the ledger still reconciles, drops both databases, and prints one JSON summary line last.
 *
 * Workers are async loops in this process sharing one connection pool (--mode async, the default), or
 * worker_threads each with its own pool (--mode threads). On a 2-core machine where PostgreSQL needs most of
 * the CPU, one Node process is not the bottleneck (see the "node cpu" figure it prints), so async is the default.
 *
 * Options: --seconds N (10)  --workers N (8)  --pool N (10)  --accounts N (1000)  --hot N (10)
 *          --mode async|threads  --threads N (2)  --no-pgbench  --keep (do not drop the databases)
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { parseArgs, promisify } from "node:util";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { databaseUrl, intOption, onServer, percentile, round, runMain } from "./support";

const execFileAsync = promisify(execFile);

/** "members": transfers between random member accounts; "oneProvider": from one provider's liability to random members (a busy shop's rewards). */
type RunSpec = { url: string; accounts: number; workers: number; pool: number; seconds: number; warmupSeconds: number; runId: string; shape: "members" | "oneProvider" };
type RunResult = { transfers: number; errors: number; firstError?: string; seconds: number; latenciesMs: number[]; nodeCpuPercent: number };

const MEMBER_PREFIX = "bench-member-";
const memberIdOf = (i: number) => `${MEMBER_PREFIX}${i}`;
const BENCH_PROVIDER = "bench-provider";

/** The transfer loops: `workers` async loops posting random transfers until the deadline, timing each post. */
async function transferLoops(spec: RunSpec, workerBase: number): Promise<RunResult> {
  // The app's own client (`db`), as a route handler would use it: outside a transaction post() takes the SQL pool.
  process.env.DATABASE_URL = spec.url;
  process.env.SQL_POOL_MAX = String(spec.pool);
  const { db: client, disconnectDb } = await import("@/lib/db/client");
  const { memberAccount, post, providerAccount } = await import("@/lib/ledger");
  try {
    const accounts = Array.from({ length: spec.accounts }, (_, i) => memberAccount(memberIdOf(i), "MEMBER_AVAILABLE", "EUR"));
    const liability = providerAccount(BENCH_PROVIDER, "PROVIDER_LIABILITY", "EUR");
    const latencies: number[] = [];
    let transfers = 0;
    let errors = 0;
    let firstError: string | undefined;
    let measuring = false;
    const loop = async (worker: number) => {
      let i = 0;
      while (Date.now() < deadline) {
        const a = Math.floor(Math.random() * accounts.length);
        let b = Math.floor(Math.random() * (accounts.length - 1));
        if (b >= a) b++;
        const amount = BigInt(1 + Math.floor(Math.random() * 100));
        const started = performance.now();
        const counted = measuring;
        try {
          await post(client, {
            idempotencyKey: `bench:${spec.runId}:${worker}:${i++}`,
            kind: "ADJUSTMENT",
            entries: [
              { account: spec.shape === "oneProvider" ? liability : accounts[a]!, amount: -amount },
              { account: accounts[b]!, amount },
            ],
          });
          if (counted && measuring) {
            transfers++;
            latencies.push(performance.now() - started);
          }
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error);
        }
      }
    };
    // Warm up (connections, plans), then measure over a fixed window; the loops stop at the deadline.
    const deadline = Date.now() + (spec.warmupSeconds + spec.seconds) * 1000;
    const loops = Array.from({ length: spec.workers }, (_, w) => loop(workerBase + w));
    await new Promise((r) => setTimeout(r, spec.warmupSeconds * 1000));
    measuring = true;
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await new Promise((r) => setTimeout(r, spec.seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    await Promise.all(loops);
    return { transfers, errors, firstError, seconds: elapsed, latenciesMs: latencies, nodeCpuPercent: ((cpu.user + cpu.system) / 1e6 / elapsed) * 100 };
  } finally {
    await disconnectDb();
  }
}

/** Runs the loops in worker threads, `threads` of them, splitting workers and pool between them. */
async function transferThreads(spec: RunSpec, threads: number): Promise<RunResult> {
  const perThread = Array.from({ length: threads }, (_, t) => Math.floor(spec.workers / threads) + (t < spec.workers % threads ? 1 : 0)).filter((n) => n > 0);
  let base = 0;
  const results = await Promise.all(
    perThread.map((workers) => {
      const threadSpec: RunSpec = { ...spec, workers, pool: Math.max(workers, Math.ceil(spec.pool / perThread.length)) };
      const workerBase = base;
      base += workers;
      return new Promise<RunResult>((resolve, reject) => {
        // Threads do not inherit tsx's loader: each loads this file through tsx's API.
        const boot = `import("tsx/esm/api").then((api) => api.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`;
        const worker = new Worker(boot, { eval: true, workerData: { spec: threadSpec, workerBase } });
        worker.once("message", (m: RunResult) => resolve(m));
        worker.once("error", reject);
        worker.once("exit", (code) => code !== 0 && reject(new Error(`bench worker exited with ${code}`)));
      });
    }),
  );
  return {
    transfers: results.reduce((s, r) => s + r.transfers, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    firstError: results.find((r) => r.firstError)?.firstError,
    seconds: Math.max(...results.map((r) => r.seconds)),
    latenciesMs: results.flatMap((r) => r.latenciesMs),
    // process.cpuUsage() is process-wide, also in a worker thread: each thread saw the whole process.
    nodeCpuPercent: Math.max(...results.map((r) => r.nodeCpuPercent)),
  };
}

function summarize(r: RunResult) {
  const sorted = Float64Array.from(r.latenciesMs).sort();
  const arr = Array.from(sorted);
  return {
    transfersPerSecond: round(r.transfers / r.seconds),
    transfers: r.transfers,
    errors: r.errors,
    p50Ms: round(percentile(arr, 50), 2),
    p99Ms: round(percentile(arr, 99), 2),
    maxMs: round(arr.at(-1) ?? Number.NaN, 2),
    nodeCpuPercent: round(r.nodeCpuPercent),
    ...(r.firstError ? { firstError: r.firstError } : {}),
  };
}


/** pgbench's connection flags and environment for a database on the same server. */
function pgbenchTarget(serverUrl: string, database: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(serverUrl);
  const args = ["-h", u.hostname.replace(/^\[|\]$/g, ""), "-p", u.port || "5432"];
  if (u.username) args.push("-U", decodeURIComponent(u.username));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  // The database name is pgbench's positional argument (its -d means --debug).
  return { args: [...args, database], env };
}

async function runPgbench(serverUrl: string, database: string, seconds: number, pgbenchPath: string) {
  const target = pgbenchTarget(serverUrl, database);
  await execFileAsync(pgbenchPath, ["-i", "-s", "8", "-q", ...target.args], { env: target.env, maxBuffer: 16 * 1024 * 1024 });
  const { stdout } = await execFileAsync(pgbenchPath, ["-c", "8", "-j", "2", "-T", String(seconds), "-b", "tpcb-like", "-n", ...target.args], {
    env: target.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const tps = stdout.match(/tps = ([\d.]+) \(without initial connection time\)/) ?? stdout.match(/tps = ([\d.]+)/);
  if (!tps) throw new Error(`could not find tps in pgbench's output:\n${stdout}`);
  const latency = stdout.match(/latency average = ([\d.]+) ms/);
  return { tps: round(Number(tps[1])), latencyAverageMs: latency ? Number(latency[1]) : null };
}

/**
 * The database side alone: pgbench calling ledger_post (the function `post` calls) with the same random
 * two-entry transfers. The gap between this and the ledger run is the cost of Node, Prisma and the driver.
 */
async function runSqlCeiling(serverUrl: string, database: string, accounts: number, seconds: number, pgbenchPath: string) {
  const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dir = await mkdtemp(path.join(tmpdir(), "ledger-bench-"));
  try {
    const script = path.join(dir, "ledger_post.sql");
    await writeFile(
      script,
      [
        `\\set a random(0, ${accounts - 1})`,
        `\\set b random(1, ${accounts - 1})`,
        `\\set amount random(1, 100)`,
        `SELECT * FROM ledger_post('pgbench:' || :client_id || ':' || md5(random()::text), 'ADJUSTMENT', NULL, NULL, '{}'::jsonb, 'pgbench', NULL, NULL,` +
          ` ARRAY['MEMBER', 'MEMBER'], ARRAY['${MEMBER_PREFIX}' || :a, '${MEMBER_PREFIX}' || ((:a + :b) % ${accounts})],` +
          ` ARRAY['MEMBER_AVAILABLE', 'MEMBER_AVAILABLE'], ARRAY['EUR', 'EUR'], ARRAY[-:amount, :amount]::bigint[]);`,
        "",
      ].join("\n"),
    );
    const target = pgbenchTarget(serverUrl, database);
    const { stdout } = await execFileAsync(pgbenchPath, ["-c", "8", "-j", "2", "-T", String(seconds), "-n", "-f", script, ...target.args], {
      env: target.env,
      maxBuffer: 16 * 1024 * 1024,
    });
    const tps = stdout.match(/tps = ([\d.]+) \(without initial connection time\)/) ?? stdout.match(/tps = ([\d.]+)/);
    if (!tps) throw new Error(`could not find tps in pgbench's output:\n${stdout}`);
    return { tps: round(Number(tps[1])) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fundAccounts(url: string, accounts: number, startingBalance: bigint, runId: string): Promise<void> {
  const { createDb } = await import("@/lib/db/client");
  const { externalAccount, memberAccount, post } = await import("@/lib/ledger");
  const client = createDb(url, 8);
  try {
    const bank = externalAccount("bench-bank", "EUR");
    let next = 0;
    // All funding debits the one external account: a few loops are enough, they queue on its row anyway.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < accounts; i = next++) {
          await post(client, {
            idempotencyKey: `bench:${runId}:fund:${i}`,
            kind: "FUND",
            entries: [
              { account: bank, amount: -startingBalance },
              { account: memberAccount(memberIdOf(i), "MEMBER_AVAILABLE", "EUR"), amount: startingBalance },
            ],
          });
        }
      }),
    );
  } finally {
    await client.$disconnect();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "10" },
      workers: { type: "string", default: "8" },
      pool: { type: "string", default: "10" },
      accounts: { type: "string", default: "1000" },
      hot: { type: "string", default: "10" },
      mode: { type: "string", default: "async" },
      threads: { type: "string", default: "2" },
      "no-pgbench": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
    strict: true,
  });
  const int = (name: keyof typeof values & string, min: number) => intOption(values, name, min);
  const seconds = int("seconds", 1);
  const workers = int("workers", 1);
  const poolSize = int("pool", 1);
  const accounts = int("accounts", 2);
  const hot = int("hot", 2);
  const threads = int("threads", 1);
  const mode = values.mode;
  if (mode !== "async" && mode !== "threads") throw new Error("--mode is async or threads");
  const warmupSeconds = Math.min(2, Math.max(1, Math.round(seconds / 5)));

  const serverUrl = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const pgbenchPath = process.env.PGBENCH || "pgbench";
  const ts = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${Math.random().toString(36).slice(2, 6)}`;
  const ledgerDb = `boomerang_bench_${ts}`;
  const pgbenchDb = `boomerang_bench_${ts}_pgbench`;
  const ledgerUrl = databaseUrl(serverUrl, ledgerDb);
  const created: string[] = [];
  const log = (m: string) => process.stdout.write(`${m}\n`);

  const cleanup = async () => {
    if (values.keep) {
      if (created.length) log(`kept databases: ${created.join(", ")}`);
      return;
    }
    await onServer(serverUrl, async (c) => {
      for (const name of created.splice(0)) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }).catch((error: unknown) => process.stderr.write(`could not drop the bench databases: ${String(error)}\n`));
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  try {
    const server = await onServer(serverUrl, async (c) => {
      const { rows } = await c.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      return rows[0]!;
    });
    const os = await import("node:os");
    log(`ledger benchmark: PostgreSQL ${server.version}, ${os.cpus().length} cores, ${workers} workers (${mode}${mode === "threads" ? ` ×${threads}` : ""}), pool ${poolSize}, ${seconds}s runs (+${warmupSeconds}s warm-up)`);

    await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${ledgerDb}"`));
    created.push(ledgerDb);
    process.env.BOOMERANG_QUIET_MIGRATE = "1";
    const { migrateDeploy } = await import("../scripts/db-lib");
    await migrateDeploy(ledgerUrl);
    log(`created and migrated ${ledgerDb}`);

    const runId = randomUUID().slice(0, 8);
    const fundStarted = performance.now();
    await fundAccounts(ledgerUrl, accounts, 1_000_000_000n, runId);
    log(`funded ${accounts} accounts from an EXTERNAL account in ${round((performance.now() - fundStarted) / 1000, 2)}s`);

    const spec = (n: number, tag: string, shape: RunSpec["shape"] = "members"): RunSpec => ({ url: ledgerUrl, accounts: n, workers, pool: poolSize, seconds, warmupSeconds, runId: `${runId}:${tag}`, shape });
    const ledgerRun = (n: number, tag: string, shape?: RunSpec["shape"]) => (mode === "threads" ? transferThreads(spec(n, tag, shape), threads) : transferLoops(spec(n, tag, shape), 0));

    const spread = summarize(await ledgerRun(accounts, "spread"));
    log(
      `ledger, ${accounts} accounts: ${spread.transfersPerSecond} transfers/s  p50 ${spread.p50Ms} ms  p99 ${spread.p99Ms} ms  (${spread.transfers} transfers, ${spread.errors} errors, node cpu ${spread.nodeCpuPercent}%)`,
    );
    // One business's rewards: every transfer from one provider's liability (spread over its shards) to random members.
    const oneProvider = summarize(await ledgerRun(accounts, "one-provider", "oneProvider"));
    const oneProviderRatio = round(oneProvider.transfersPerSecond / spread.transfersPerSecond, 3);
    log(
      `ledger, one provider: ${oneProvider.transfersPerSecond} transfers/s  p50 ${oneProvider.p50Ms} ms  p99 ${oneProvider.p99Ms} ms  (${oneProvider.transfers} transfers, ${oneProvider.errors} errors) → ${oneProviderRatio} of the spread case (target ≥ 0.9: ${oneProviderRatio >= 0.9 ? "met" : "NOT met"})`,
    );

    let pgbench: { tps: number; latencyAverageMs: number | null } | null = null;
    let sqlCeiling: { tps: number } | null = null;
    if (!values["no-pgbench"]) {
      await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${pgbenchDb}"`));
      created.push(pgbenchDb);
      pgbench = await runPgbench(serverUrl, pgbenchDb, seconds, pgbenchPath);
      log(`pgbench tpcb-like -s 8 -c 8 -j 2: ${pgbench.tps} tps  (latency average ${pgbench.latencyAverageMs} ms)`);
      log(`ratio ledger/pgbench: ${round(spread.transfersPerSecond / pgbench.tps, 2)} (target ≥ 0.8)`);
      sqlCeiling = await runSqlCeiling(serverUrl, ledgerDb, accounts, seconds, pgbenchPath);
      log(
        `for reference, ledger_post called by pgbench (the database alone, no Node/Prisma): ${sqlCeiling.tps} tps = ${round(sqlCeiling.tps / pgbench.tps, 2)} × pgbench tpcb`,
      );
    }

    const hotRun = summarize(await ledgerRun(Math.min(hot, accounts), "hot"));
    log(
      `ledger, ${Math.min(hot, accounts)} hot accounts: ${hotRun.transfersPerSecond} transfers/s  p50 ${hotRun.p50Ms} ms  p99 ${hotRun.p99Ms} ms  (${hotRun.transfers} transfers, ${hotRun.errors} errors, node cpu ${hotRun.nodeCpuPercent}%)`,
    );
    if (pgbench) log(`ratio hot ledger/pgbench: ${round(hotRun.transfersPerSecond / pgbench.tps, 2)}`);

    const { createDb } = await import("@/lib/db/client");
    const { reconcile } = await import("@/lib/ledger");
    const check = createDb(ledgerUrl, 1);
    const rec = await reconcile(check).finally(() => check.$disconnect());
    log(`reconcile: ${rec.ok ? "ok" : "FAILED"} (${rec.transactions} transactions, ${rec.entries} entries, ${rec.accounts} accounts)`);

    const summary = {
      bench: "ledger",
      mode,
      workers,
      pool: poolSize,
      seconds,
      accounts,
      ledger: spread,
      pgbench,
      ratio: pgbench ? round(spread.transfersPerSecond / pgbench.tps, 3) : null,
      oneProvider: { ...oneProvider, ratioToSpread: oneProviderRatio },
      hot: { accounts: Math.min(hot, accounts), ...hotRun },
      hotRatio: pgbench ? round(hotRun.transfersPerSecond / pgbench.tps, 3) : null,
      sqlOnlyLedgerPostTps: sqlCeiling?.tps ?? null,
      reconcileOk: rec.ok,
    };
    await cleanup();
    log(JSON.stringify(summary));
    if (!rec.ok || spread.errors > 0 || oneProvider.errors > 0 || hotRun.errors > 0) process.exitCode = 1;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

if (isMainThread) {
  runMain(main);
} else {
  const { spec, workerBase } = workerData as { spec: RunSpec; workerBase: number };
  void transferLoops(spec, workerBase).then((result) => parentPort!.postMessage(result));
}
