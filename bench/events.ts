/**
 * Inbound order events benchmark: `npm run bench:events [-- --seconds N]`.
 *
 * Against `next start` on the PostgreSQL server at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres):
 *   1. creates and migrates a fresh database boomerang_bench_events_<ts>: a provider whose program is in
 *      AUTOMATIC mode with a 5% rule (no review threshold, no velocity limit) and N members;
 *   2. runs the ledger benchmark (bench/ledger.ts --no-pgbench) first, as the yardstick of the same run;
 *   3. builds the app when there is no build (or it lacks the events route, or --build), starts `next start` on a
 *      free port against that database (BOOMERANG_WORKER=0, EVENTS_RATE_LIMIT_PER_MINUTE very high);
 *   4. posts signed `order.paid` events (Standard Webhooks) from C keep-alive connections for N seconds after a
 *      warm-up, random members and amounts, a share of them re-sending an earlier accepted event (same webhook-id,
 *      re-signed as a shop's retry is) which must be answered 200 duplicate; reports accepted events/s and
 *      p50/p99 latency of the 202s;
 *   5. for every Kth accepted event, measures the time from the 202 to the reward being visible (the reward row
 *      issued and its EARN ledger transaction, i.e. the member's pending balance includes it) with a plain pg pool;
 *   6. checks: one purchase per accepted webhook id, one reward per purchase, each 5% exactly, pending balances
 *      equal the rewards, the ledger reconciles; stops the server, drops the database, prints one JSON line last.
 *
 *   7. right after the load, GET /api/health on the same server through the same keep-alive connections (the same
 *      agent with --client http) for --health-seconds: the ceiling of any route on one `next start`. The verdict
 *      is the ratio accepted events/s ÷ health requests/s (target ≥ 0.5) and the 202 → visible-in-balance p99
 *      (target < 1 s); the ledger benchmark's transfers/s stay beside them as context.
 *
 * Options (shared with bench:redemptions, bench/support.ts parseServerBenchArgs): --seconds N (15)  --warmup N (2)
 *          --connections N (32)  --members N (200)  --health-seconds N (5, at least 1)  --build (rebuild the app first)
 *          --keep (keep the database)  --split-cores (the server on a core of its own: bench/support.ts splitCores)
 *   own:   --duplicates F (0.1)  --sample-every K (20)  --visible-timeout S (10)  --ledger-seconds N (10)  --no-ledger
 *          --client http|fetch (http)  --worker (leave the app's background worker on)
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import {
  benchRun,
  ensureBuild,
  healthCeiling,
  httpClient,
  latencyStats as stats,
  log,
  parseServerBenchArgs,
  printServerTail,
  round,
  runCommand,
  runMain,
  sleep,
  splitCores,
  startNext,
  stopChild,
  type Answer,
  type HttpClient,
} from "./support";

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const tsxCli = path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs");
const ROUTE_SOURCE = path.join(projectRoot, "app", "api", "v1", "programs", "[programId]", "events", "route.ts");
const ROUTE_BUILT = path.join(projectRoot, ".next", "server", "app", "api", "v1", "programs", "[programId]", "events", "route.js");


// ─── CPU accounting from /proc (Linux), to see how the 2 cores are shared ──────────────────────────────

const CLK_TCK = 100;
type ProcInfo = { pid: number; ppid: number; comm: string; ticks: number };

function readProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const f = stat.slice(close + 2).split(" "); // f[0] is field 3 (state)
      out.push({ pid: Number(e), ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU ticks of the server's process tree and of every PostgreSQL process (by pid, so exited backends drop out). */
function cpuSnapshot(serverPid: number | undefined): { server: Map<number, number>; postgres: Map<number, number> } {
  const procs = readProcs();
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const tree = new Set<number>();
  const stack = serverPid ? [serverPid] : [];
  while (stack.length) {
    const pid = stack.pop()!;
    if (tree.has(pid)) continue;
    tree.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  const server = new Map<number, number>();
  const postgres = new Map<number, number>();
  for (const p of procs) {
    if (tree.has(p.pid)) server.set(p.pid, p.ticks);
    else if (p.comm === "postgres" || p.comm === "postmaster") postgres.set(p.pid, p.ticks);
  }
  return { server, postgres };
}

function cpuPercent(before: Map<number, number>, after: Map<number, number>, seconds: number): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0); // a process born in the window counts from 0
  return round((ticks / CLK_TCK / seconds) * 100);
}

// ─── Setup ──────────────────────────────────────────────────────────────────────────────────────────

const memberEmail = (i: number) => `bench-member-${i}@example.com`;

async function seed(url: string, members: number) {
  const { closeDb, createDb } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/users/create-user");
  const { hashPassword } = await import("@/lib/auth/password");
  const { createProvider } = await import("@/lib/providers/create-provider");
  const { joinProgram } = await import("@/lib/members/join-program");
  const { ensureWebhookSecret } = await import("@/lib/programs/webhook-secrets");
  const client = createDb(url, 8);
  try {
    const owner = await createUser(client, { email: "bench-owner@example.com", password: randomBytes(12).toString("hex"), name: "Bench owner" });
    const { programId, providerId } = await createProvider(client, {
      name: "Bench Shop",
      slug: "bench-shop",
      ownerUserId: owner.id,
      currency: "EUR",
      cashbackBps: 500,
      processingMode: "AUTOMATIC",
      holdDays: 14,
    });
    // No guard may send a reward to review: every accepted event must be rewarded at once.
    await client.program.update({ where: { id: programId }, data: { reviewThresholdMinor: null, velocityLimitPerDay: null, cashierDailyCapMinor: null, published: true } });
    // One argon2 hash for all members (createUser would spend ~50 ms of CPU on each).
    const passwordHash = await hashPassword(randomBytes(12).toString("hex"));
    await client.user.createMany({ data: Array.from({ length: members }, (_, i) => ({ email: memberEmail(i), name: `Bench member ${i}`, passwordHash })) });
    const users = await client.user.findMany({ where: { email: { startsWith: "bench-member-" } }, select: { id: true } });
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < users.length; i = next++) await joinProgram(client, { userId: users[i]!.id, programId });
      }),
    );
    const secret = await ensureWebhookSecret(client, programId);
    return { programId, providerId, secret, members: users.length };
  } finally {
    await closeDb(client);
  }
}

// ─── Load ───────────────────────────────────────────────────────────────────────────────────────────

type SentEvent = { webhookId: string; orderId: string; payload: string };

type Poster = { post(ev: SentEvent): Promise<Answer>; close(): void };

function signedHeaders(wh: Webhook, ev: SentEvent): Record<string, string> {
  const now = new Date();
  return {
    "content-type": "application/json",
    "webhook-id": ev.webhookId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": wh.sign(ev.webhookId, now, ev.payload),
  };
}

/** Posts through `client`'s keep-alive connections; closing the poster leaves them open (the health run reuses them). */
function httpPoster(client: HttpClient, pathName: string, wh: Webhook): Poster {
  return { post: (ev) => client.request("POST", pathName, signedHeaders(wh, ev), ev.payload), close: () => {} };
}

function fetchPoster(base: URL, pathName: string, wh: Webhook): Poster {
  const url = new URL(pathName, base).toString();
  return {
    post: async (ev) => {
      const res = await fetch(url, { method: "POST", headers: signedHeaders(wh, ev), body: ev.payload, signal: AbortSignal.timeout(30_000) });
      return { status: res.status, body: await res.text() };
    },
    close: () => {},
  };
}

type LoadResult = {
  seconds: number;
  accepted: number;
  duplicates: number;
  errors: number;
  acceptedLatencies: number[];
  duplicateLatencies: number[];
  errorSamples: string[];
  statusCounts: Record<string, number>;
  benchCpuPercent: number;
  serverCpuPercent: number;
  postgresCpuPercent: number;
  acceptedIds: Set<string>;
  acceptedAll: number;
  sent: number;
};

type Visibility = { samples: number; latencies: number[]; notVisible: number; wrong: string[] };

/** Polls, for sampled accepted events, until the reward and its EARN posting are there; records 202 → visible. */
function visibilityChecker(url: string, programId: string, timeoutMs: number) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const queue: { orderId: string; amount: number; at: number }[] = [];
  const result: Visibility = { samples: 0, latencies: [], notVisible: 0, wrong: [] };
  let producing = true;
  const sql = `SELECT r.status::text AS status, r.amount_minor::text AS amount,
                      EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.idempotency_key = 'reward:' || r.id || ':earn') AS earned
                 FROM purchases p JOIN rewards r ON r.purchase_id = p.id
                WHERE p.program_id = $1::uuid AND p.source = 'WEBHOOK' AND p.order_id = $2`;
  const loop = async () => {
    for (;;) {
      const item = queue.shift();
      if (!item) {
        if (!producing) return;
        await sleep(2);
        continue;
      }
      result.samples++;
      for (;;) {
        const { rows } = await pool.query<{ status: string; amount: string; earned: boolean }>(sql, [programId, item.orderId]);
        const row = rows[0];
        if (row && row.earned) {
          result.latencies.push(performance.now() - item.at);
          const expected = BigInt(Math.floor((item.amount * 500) / 10_000));
          if (row.status !== "PENDING" || BigInt(row.amount) !== expected) {
            if (result.wrong.length < 5) result.wrong.push(`${item.orderId}: reward ${row.status} ${row.amount}, expected PENDING ${expected}`);
          }
          break;
        }
        if (performance.now() - item.at > timeoutMs) {
          result.notVisible++;
          if (result.wrong.length < 5) result.wrong.push(`${item.orderId}: ${row ? `reward ${row.status} without its EARN posting` : "no reward"} ${timeoutMs} ms after the 202`);
          break;
        }
        await sleep(5);
      }
    }
  };
  const loops = [loop(), loop()];
  return {
    add: (orderId: string, amount: number, at: number) => queue.push({ orderId, amount, at }),
    async finish(): Promise<Visibility> {
      producing = false;
      await Promise.all(loops);
      await pool.end();
      return result;
    },
  };
}

async function runLoad(opts: {
  poster: Poster;
  connections: number;
  members: number;
  duplicateRate: number;
  warmupSeconds: number;
  seconds: number;
  sampleEvery: number;
  runId: string;
  serverPid: number | undefined;
  visibility: ReturnType<typeof visibilityChecker>;
}): Promise<LoadResult> {
  const acceptedPool: SentEvent[] = [];
  const acceptedIds = new Set<string>();
  const acceptedLatencies: number[] = [];
  const duplicateLatencies: number[] = [];
  const errorSamples: string[] = [];
  const statusCounts: Record<string, number> = {};
  let accepted = 0;
  let duplicates = 0;
  let errors = 0;
  let acceptedAll = 0;
  let sent = 0;
  let seq = 0;
  let measuring = false;
  let sampleCounter = 0;

  const fail = (what: string) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what);
  };

  const loop = async () => {
    while (Date.now() < deadline) {
      const resend = acceptedPool.length > 0 && Math.random() < opts.duplicateRate;
      let ev: SentEvent;
      let amount = 0;
      if (resend) {
        ev = acceptedPool[Math.floor(Math.random() * acceptedPool.length)]!;
      } else {
        const n = seq++;
        const orderId = `bench-${opts.runId}-${n}`;
        amount = 100 + Math.floor(Math.random() * 99_901); // 1.00 to 1,000.00
        ev = {
          webhookId: `msg_${opts.runId}_${n}`,
          orderId,
          payload: JSON.stringify({
            type: "order.paid",
            data: { orderId, amount, currency: "EUR", customer: { email: memberEmail(Math.floor(Math.random() * opts.members)) }, occurredAt: new Date().toISOString() },
          }),
        };
      }
      const counted = measuring;
      const started = performance.now();
      let answer: Answer;
      try {
        sent++;
        answer = await opts.poster.post(ev);
      } catch (error) {
        fail(`${counted && measuring ? "" : "(warm-up) "}request failed: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const ended = performance.now();
      const inWindow = counted && measuring;
      const key = String(answer.status);
      if (inWindow) statusCounts[key] = (statusCounts[key] ?? 0) + 1;
      if (!resend && answer.status === 202 && answer.body.includes('"accepted"')) {
        acceptedAll++;
        acceptedIds.add(ev.webhookId);
        acceptedPool.push(ev);
        if (inWindow) {
          accepted++;
          acceptedLatencies.push(ended - started);
          if (++sampleCounter % opts.sampleEvery === 0) opts.visibility.add(ev.orderId, amount, ended);
        }
      } else if (resend && answer.status === 200 && answer.body.includes('"duplicate"')) {
        if (inWindow) {
          duplicates++;
          duplicateLatencies.push(ended - started);
        }
      } else {
        // Anything else is wrong, also during the warm-up (a 202 for a re-sent event is a double acceptance).
        const what = `${resend ? "re-sent" : "new"} event ${ev.webhookId}: ${answer.status} ${answer.body.slice(0, 300)}`;
        fail(`${inWindow ? "" : "(warm-up) "}${what}`);
      }
    }
  };

  const deadline = Date.now() + (opts.warmupSeconds + opts.seconds) * 1000;
  const loops = Array.from({ length: opts.connections }, () => loop());
  await sleep(opts.warmupSeconds * 1000);
  measuring = true;
  const cpuBefore = cpuSnapshot(opts.serverPid);
  const benchCpu = process.cpuUsage();
  const started = performance.now();
  await sleep(opts.seconds * 1000);
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  const benchCpuUsed = process.cpuUsage(benchCpu);
  const cpuAfter = cpuSnapshot(opts.serverPid);
  await Promise.all(loops);
  opts.poster.close();
  return {
    seconds: elapsed,
    accepted,
    duplicates,
    errors,
    acceptedLatencies,
    duplicateLatencies,
    errorSamples,
    statusCounts,
    benchCpuPercent: round(((benchCpuUsed.user + benchCpuUsed.system) / 1e6 / elapsed) * 100),
    serverCpuPercent: cpuPercent(cpuBefore.server, cpuAfter.server, elapsed),
    postgresCpuPercent: cpuPercent(cpuBefore.postgres, cpuAfter.postgres, elapsed),
    acceptedIds,
    acceptedAll,
    sent,
  };
}

// ─── Checks ─────────────────────────────────────────────────────────────────────────────────────────

async function verify(url: string, programId: string, acceptedIds: Set<string>) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await c.query<T>(sql, params)).rows[0]!;
    const purchases = Number((await one<{ n: string }>(`SELECT count(*) AS n FROM purchases WHERE program_id = $1::uuid`, [programId])).n);
    const webhookIds = (await c.query<{ id: string | null }>(`SELECT origin->>'webhookId' AS id FROM purchases WHERE program_id = $1::uuid`, [programId])).rows;
    const duplicateOrders = Number(
      (await one<{ n: string }>(`SELECT count(*) AS n FROM (SELECT order_id FROM purchases WHERE program_id = $1::uuid GROUP BY order_id HAVING count(*) > 1) d`, [programId])).n,
    );
    const rewards = Number((await one<{ n: string }>(`SELECT count(*) AS n FROM rewards WHERE program_id = $1::uuid`, [programId])).n);
    const duplicateRewards = Number(
      (await one<{ n: string }>(`SELECT count(*) AS n FROM (SELECT purchase_id FROM rewards GROUP BY purchase_id HAVING count(*) > 1) d`)).n,
    );
    const notPending = Number((await one<{ n: string }>(`SELECT count(*) AS n FROM rewards WHERE program_id = $1::uuid AND status <> 'PENDING'`, [programId])).n);
    const wrongAmount = Number(
      (
        await one<{ n: string }>(
          `SELECT count(*) AS n FROM rewards r JOIN purchases p ON p.id = r.purchase_id WHERE r.program_id = $1::uuid AND r.amount_minor <> p.amount_minor * 500 / 10000`,
          [programId],
        )
      ).n,
    );
    const earnPostings = Number((await one<{ n: string }>(`SELECT count(*) AS n FROM ledger_transactions WHERE kind = 'EARN'`)).n);
    const sums = await one<{ rewards: string | null; pending: string | null }>(
      `SELECT (SELECT sum(amount_minor) FROM rewards WHERE program_id = $1::uuid AND status = 'PENDING')::text AS rewards,
              (SELECT sum(balance) FROM ledger_accounts WHERE owner_type = 'MEMBER' AND kind = 'MEMBER_PENDING')::text AS pending`,
      [programId],
    );
    const deliveries = (
      await c.query<{ status: string; n: string }>(`SELECT status::text AS status, count(*) AS n FROM webhook_deliveries WHERE program_id = $1::uuid GROUP BY 1 ORDER BY 1`, [programId])
    ).rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: Number(r.n) }), {});
    // Purchases whose origin names a webhook id we never saw accepted (only checkable when the route records it).
    const recorded = webhookIds.filter((r) => r.id != null).map((r) => r.id!);
    const unexpected = recorded.filter((id) => !acceptedIds.has(id)).length;
    return {
      purchases,
      distinctAccepted: acceptedIds.size,
      duplicateOrders,
      rewards,
      duplicateRewards,
      rewardsNotPending: notPending,
      rewardsWrongAmount: wrongAmount,
      earnPostings,
      pendingBalanceOk: (sums.rewards ?? "0") === (sums.pending ?? "0"),
      pendingSumMinor: sums.pending ?? "0",
      purchasesWithUnacceptedWebhookId: recorded.length ? unexpected : null,
      deliveries,
    };
  } finally {
    await c.end();
  }
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const { common, values, int } = parseServerBenchArgs({
    duplicates: { type: "string", default: "0.1" },
    "sample-every": { type: "string", default: "20" },
    "visible-timeout": { type: "string", default: "10" },
    "ledger-seconds": { type: "string", default: "10" },
    "no-ledger": { type: "boolean", default: false },
    client: { type: "string", default: "http" },
    worker: { type: "boolean", default: false },
  });
  const { seconds, warmupSeconds, connections, members: memberCount, healthSeconds } = common;
  const sampleEvery = int("sample-every", 1);
  const visibleTimeoutMs = int("visible-timeout", 1) * 1000;
  const ledgerSeconds = int("ledger-seconds", 1);
  const duplicateRate = Number(values.duplicates);
  if (!(duplicateRate >= 0 && duplicateRate < 1)) throw new Error("--duplicates is a fraction in [0, 1)");
  const clientKind = values.client;
  if (clientKind !== "http" && clientKind !== "fetch") throw new Error("--client is http or fetch");

  // The seed encrypts the program's signing secret and `next start` (production) must decrypt it: one key for
  // both, unless the caller set one. Without it the server refuses every event with 401.
  process.env.ENCRYPTION_KEYS ||= `bench:${randomBytes(32).toString("base64")}`;
  const bench = benchRun("events", { keep: common.keep });
  const { serverUrl, dbName, url } = bench;
  const serverTail: string[] = [];

  try {
    log(
      `events benchmark: PostgreSQL ${await bench.pgVersion()}, ${os.cpus().length} cores, ${connections} connections (${clientKind}), ${memberCount} members, ` +
        `${Math.round(duplicateRate * 100)}% re-sent, ${seconds}s (+${warmupSeconds}s warm-up)`,
    );
    if (!existsSync(ROUTE_SOURCE)) throw new Error(`the events route is not there yet: ${path.relative(projectRoot, ROUTE_SOURCE)}`);

    // 1. Database and data.
    await bench.createDatabase();
    process.env.BOOMERANG_QUIET_MIGRATE = "1";
    const { migrateDeploy } = await import("../scripts/db-lib");
    await migrateDeploy(url);
    const seedStarted = performance.now();
    const setup = await seed(url, memberCount);
    log(`created and migrated ${dbName}; provider, program (AUTOMATIC, 5%, hold 14 days) and ${setup.members} members in ${round((performance.now() - seedStarted) / 1000, 2)}s`);

    // 2. The build, before anything is measured.
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
    await ensureBuild({ rebuild: common.build, env, builtFile: ROUTE_BUILT, lacks: "events route", onSpawn: (c) => bench.track(c) });

    // 3. The yardstick: the ledger benchmark, alone on the machine.
    let ledgerTps: number | null = null;
    if (!values["no-ledger"]) {
      log(`running bench/ledger.ts --seconds ${ledgerSeconds} --no-pgbench`);
      let last = "";
      const code = await runCommand(
        process.execPath,
        [tsxCli, path.join("bench", "ledger.ts"), "--seconds", String(ledgerSeconds), "--no-pgbench"],
        { ...process.env, BENCH_DATABASE_URL: serverUrl },
        (l) => {
          if (!l.trim()) return;
          last = l;
          if (!l.startsWith("{")) log(`  [ledger] ${l}`);
        },
        (c) => c && bench.track(c),
      );
      try {
        const parsed = JSON.parse(last) as { ledger?: { transfersPerSecond?: number } };
        ledgerTps = parsed.ledger?.transfersPerSecond ?? null;
      } catch {
        throw new Error(`bench/ledger.ts (exit ${code}) printed no JSON summary; last line: ${last}`);
      }
      if (code !== 0) log(`  [ledger] exited with ${code}`);
    }

    // 4. The server.
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
    const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    const serverEnv: NodeJS.ProcessEnv = { ...env, EVENTS_RATE_LIMIT_PER_MINUTE: "100000000", ...(values.worker ? {} : { BOOMERANG_WORKER: "0" }) };
    // --split-cores: the server on a core of its own (bench/support.ts splitCores).
    const cpus = common.splitCores ? await splitCores(bench) : undefined;
    const { child, base, port } = await startNext({ env: serverEnv, nodeArgs, cpus, tail: serverTail, onSpawn: (c) => bench.track(c, true) });
    log(`next start on :${port} (pid ${child.pid}), healthy${cpus ? `; split cores: it runs on CPU ${cpus}, PostgreSQL and the load generator on the others` : ""}`);

    // 5. The load.
    const wh = new Webhook(setup.secret);
    const routePath = `/api/v1/programs/${setup.programId}/events`;
    // The same keep-alive connections carry the events and then the health requests (with --client fetch, the
    // health run gets its own pool of as many connections).
    const http1 = httpClient(base, connections);
    const poster = clientKind === "http" ? httpPoster(http1, routePath, wh) : fetchPoster(base, routePath, wh);
    const visibility = visibilityChecker(url, setup.programId, visibleTimeoutMs);
    const load = await runLoad({
      poster,
      connections,
      members: memberCount,
      duplicateRate,
      warmupSeconds,
      seconds,
      sampleEvery,
      runId: randomUUID().slice(0, 8),
      serverPid: child.pid,
      visibility,
    });
    const vis = await visibility.finish();
    const eventsPerSecond = round(load.accepted / load.seconds);
    const acc = stats(load.acceptedLatencies);
    const dup = stats(load.duplicateLatencies);
    const visStats = stats(vis.latencies);
    const other = Object.entries(load.statusCounts)
      .filter(([s]) => s !== "202" && s !== "200")
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    log(
      `events: ${eventsPerSecond} accepted/s  p50 ${acc.p50Ms} ms  p99 ${acc.p99Ms} ms  max ${acc.maxMs} ms  ` +
        `(${load.accepted} accepted, ${load.duplicates} duplicates p50 ${dup.p50Ms} ms p99 ${dup.p99Ms} ms, ${load.errors} errors${other ? `: ${other}` : ""})`,
    );
    log(`cpu over the window (100% = one core): load generator ${load.benchCpuPercent}%, next start ${load.serverCpuPercent}%, PostgreSQL ${load.postgresCpuPercent}%`);
    log(
      `202 → visible in balance (reward and its EARN posting; every ${sampleEvery}th accepted event, ${vis.samples} sampled): p50 ${visStats.p50Ms} ms  p99 ${visStats.p99Ms} ms  max ${visStats.maxMs} ms` +
        `${vis.notVisible ? `  (${vis.notVisible} NOT visible within ${visibleTimeoutMs / 1000}s)` : ""}  (target p99 < 1000 ms)`,
    );
    for (const w of vis.wrong) log(`  visibility: ${w}`);
    if (load.errorSamples.length) {
      log("first errors:");
      for (const e of load.errorSamples) log(`  ${e}`);
    }

    // 6. The ceiling: the cheapest route on the same server, through the same connections.
    const health = await healthCeiling(http1, connections, healthSeconds);
    http1.close();
    const healthPerSecond = health.perSecond;
    const ratio = healthPerSecond > 0 ? round(eventsPerSecond / healthPerSecond, 3) : null;
    const ratioMet = ratio !== null && ratio >= 0.5;
    log(
      `GET /api/health: ${healthPerSecond} requests/s on the same server, same ${connections} connections, ${healthSeconds}s → ` +
        `ratio accepted events/s ÷ health requests/s = ${eventsPerSecond} ÷ ${healthPerSecond} = ${ratio ?? "n/a"} (target ≥ 0.5: ${ratioMet ? "met" : "NOT met"})`,
    );
    const ledgerRatio = ledgerTps ? round(eventsPerSecond / ledgerTps, 3) : null;
    if (ledgerTps) log(`context: ledger ${ledgerTps} transfers/s alone → events/ledger ${ledgerRatio}`);

    // 7. Checks, with the server stopped (nothing in flight).
    await stopChild(child, true);
    if (load.errors > 0 || serverTail.some((l) => /error/i.test(l))) {
      log("server output (last lines):");
      for (const l of serverTail.slice(-20)) log(`  | ${l}`);
    }
    const checks = await verify(url, setup.programId, load.acceptedIds);
    const { closeDb, createDb } = await import("@/lib/db/client");
    const { reconcile } = await import("@/lib/ledger");
    const check = createDb(url, 1);
    const rec = await reconcile(check).finally(() => closeDb(check));
    const checksOk =
      checks.purchases === checks.distinctAccepted &&
      checks.duplicateOrders === 0 &&
      checks.rewards === checks.purchases &&
      checks.duplicateRewards === 0 &&
      checks.rewardsNotPending === 0 &&
      checks.rewardsWrongAmount === 0 &&
      checks.earnPostings === checks.rewards &&
      checks.pendingBalanceOk &&
      !checks.purchasesWithUnacceptedWebhookId &&
      rec.ok;
    log(
      `checks: ${checks.purchases} purchases for ${checks.distinctAccepted} accepted webhook ids, ${checks.rewards} rewards (${checks.duplicateRewards} duplicated, ` +
        `${checks.rewardsNotPending} not PENDING, ${checks.rewardsWrongAmount} not 5%), ${checks.earnPostings} EARN postings, ` +
        `pending balances ${checks.pendingBalanceOk ? "=" : "≠"} rewards, reconcile ${rec.ok ? "ok" : "FAILED"} → ${checksOk ? "ok" : "FAILED"}`,
    );
    if (!rec.ok) log(`  discrepancies: ${JSON.stringify(rec.discrepancies.slice(0, 5))}`);
    const visibleMet = vis.notVisible === 0 && visStats.p99Ms < 1000;
    log(
      `verdict: accepted events/s ÷ health requests/s ${ratio ?? "n/a"} (target ≥ 0.5: ${ratioMet ? "met" : "NOT met"}), ` +
        `202 → visible-in-balance p99 ${visStats.p99Ms} ms (target < 1000 ms: ${visibleMet ? "met" : "NOT met"}), checks ${checksOk ? "ok" : "FAILED"}`,
    );

    const summary = {
      bench: "events",
      client: clientKind,
      connections,
      splitCores: common.splitCores,
      members: memberCount,
      duplicateRate,
      seconds: round(load.seconds, 2),
      events: {
        acceptedPerSecond: eventsPerSecond,
        accepted: load.accepted,
        duplicates: load.duplicates,
        errors: load.errors,
        statuses: load.statusCounts,
        p50Ms: acc.p50Ms,
        p99Ms: acc.p99Ms,
        maxMs: acc.maxMs,
        duplicateP50Ms: dup.p50Ms,
        duplicateP99Ms: dup.p99Ms,
        ...(load.errorSamples.length ? { firstErrors: load.errorSamples } : {}),
      },
      visibility: { samples: vis.samples, ...visStats, notVisible: vis.notVisible, targetMet: visibleMet },
      cpuPercent: { loadGenerator: load.benchCpuPercent, server: load.serverCpuPercent, postgres: load.postgresCpuPercent },
      healthRequestsPerSecond: healthPerSecond,
      /** accepted events/s ÷ GET /api/health requests/s on the same server and connections (target ≥ 0.5). */
      ratio,
      ratioTargetMet: ratioMet,
      visibleP99Ms: visStats.p99Ms,
      ledgerTransfersPerSecond: ledgerTps,
      eventsPerLedgerTransfer: ledgerRatio,
      checks: { ...checks, reconcileOk: rec.ok, ok: checksOk },
    };
    await bench.cleanup();
    log(JSON.stringify(summary));
    if (!checksOk || load.errors > 0 || vis.notVisible > 0 || vis.wrong.length > 0) process.exitCode = 1;
  } catch (error) {
    printServerTail(serverTail);
    await bench.cleanup();
    throw error;
  }
}

runMain(main);
