/**
 * Redemption API benchmark: `npm run bench:redemptions [-- --seconds N]`.
 *
 * Against `next start` on the PostgreSQL server at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres):
 *   1. creates and migrates a fresh database boomerang_bench_redemptions_<ts>: a provider whose program is in
 *      AUTOMATIC mode with a 5% rule and N members, each funded through the real pipeline (a €1,000 purchase
 *      recorded with recordPurchase, its reward released with releaseDueRewards at a future clock: €50 available);
 *      an API key from lib/api-keys/create-api-key.ts;
 *   2. builds the app when there is no build (or it lacks the redemptions routes, or --build) and starts
 *      `next start` against that database (BOOMERANG_WORKER=0, API_RATE_LIMIT_PER_MINUTE very high);
 *   3. from C keep-alive connections for N seconds after a warm-up, each iteration holds a random amount for a
 *      random member (POST …/redemptions with an Idempotency-Key) and captures it (POST …/capture): redemption
 *      requests/s and p50/p99 of each call;
 *   4. GET /api/health from the same connections on the same server: the ceiling of any route; the ratio of
 *      redemption requests/s to it (target ≥ 0.5) and the p99 of each call (target < 100 ms); then the
 *      framework's floor for this route: the same POST with a body, answered 404 by the route wrapper before any
 *      database work, beside health (what a redemption costs beyond it is Boomerang's own work);
 *   5. with the server stopped: the ledger reconciles, every captured amount (as answered, and as stored) equals
 *      the member-side debits of the REDEEM_CAPTURE transactions, and each member's available + held is what it
 *      was funded less what it spent; drops the database and prints one JSON line last.
 *
 * Options: --seconds N (15)  --warmup N (2)  --connections N (32)  --members N (200)  --health-seconds N (5)
 *          --build (rebuild the app first)  --keep (keep the database)  --split-cores (the server on a core of its own)
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import {
  benchRun,
  cpuMeter,
  ensureBuild,
  healthCeiling,
  httpClient,
  latencyStats as stats,
  log,
  parseServerBenchArgs,
  printServerTail,
  round,
  runMain,
  sleep,
  splitCores,
  startNext,
  steadyRate,
  stopChild,
  type CpuUse,
  type HttpClient,
  type Meter,
} from "./support";

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const ROUTES = path.join("app", "api", "v1", "programs", "[programId]", "redemptions");
const ROUTE_SOURCE = path.join(projectRoot, ROUTES, "route.ts");
const ROUTE_BUILT = path.join(projectRoot, ".next", "server", ROUTES, "[redemptionId]", "capture", "route.js");

const FUNDED_PURCHASE_MINOR = 100_000n; // €1,000.00 at 5% → €50.00 available per member
const memberEmail = (i: number) => `bench-member-${i}@example.com`;

// ─── Setup ──────────────────────────────────────────────────────────────────────────────────────────

async function seed(url: string, members: number) {
  const { closeDb, createDb } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/users/create-user");
  const { hashPassword } = await import("@/lib/auth/password");
  const { createProvider } = await import("@/lib/providers/create-provider");
  const { joinProgram } = await import("@/lib/members/join-program");
  const { recordPurchase } = await import("@/lib/purchases/record-purchase");
  const { releaseDueRewards } = await import("@/lib/rewards/release-due-rewards");
  const { createApiKey } = await import("@/lib/api-keys/create-api-key");
  const client = createDb(url, 8);
  try {
    const owner = await createUser(client, { email: "bench-owner@example.com", password: randomBytes(12).toString("hex"), name: "Bench owner" });
    const { programId } = await createProvider(client, { name: "Bench Shop", slug: "bench-shop", ownerUserId: owner.id, currency: "EUR", cashbackBps: 500, processingMode: "AUTOMATIC", holdDays: 14 });
    // No guard may send a funding reward to review.
    await client.program.update({ where: { id: programId }, data: { reviewThresholdMinor: null, velocityLimitPerDay: null, cashierDailyCapMinor: null, published: true } });
    const passwordHash = await hashPassword(randomBytes(12).toString("hex"));
    await client.user.createMany({ data: Array.from({ length: members }, (_, i) => ({ email: memberEmail(i), name: `Bench member ${i}`, passwordHash })) });
    const users = await client.user.findMany({ where: { email: { startsWith: "bench-member-" } }, select: { id: true, email: true } });
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < users.length; i = next++) {
          await joinProgram(client, { userId: users[i]!.id, programId });
          await recordPurchase(client, {
            programId,
            source: "WEBHOOK",
            orderId: `fund-${i}`,
            origin: { bench: "redemptions" },
            amountMinor: FUNDED_PURCHASE_MINOR,
            currency: "EUR",
            customer: { email: users[i]!.email },
            actor: { type: "SYSTEM" },
          });
        }
      }),
    );
    const { released } = await releaseDueRewards(client, { now: new Date(Date.now() + 30 * 86_400_000), batchSize: 10_000 });
    const key = await createApiKey(client, { programId, name: "bench" });
    return { programId, key: key.key, members: users.length, released };
  } finally {
    await closeDb(client);
  }
}


// ─── Load ───────────────────────────────────────────────────────────────────────────────────────────

async function runLoad(opts: { http1: HttpClient; programId: string; key: string; connections: number; members: number; warmupSeconds: number; seconds: number; runId: string; meter: Meter }) {
  const { http1 } = opts;
  const auth = { authorization: `Bearer ${opts.key}`, "content-type": "application/json" };
  const prefix = `/api/v1/programs/${opts.programId}/redemptions`;
  const holdLatencies: number[] = [];
  const captureLatencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let requests = 0;
  let seq = 0;
  let measuring = false;
  /** Every captured redemption (warm-up included), with what the API said was captured, for the checks. */
  const captured = new Map<string, { member: number; amount: number }>();
  const fail = (what: string) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what);
  };
  const count = (status: number) => {
    if (measuring) statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  };

  const loop = async () => {
    while (Date.now() < deadline) {
      const n = seq++;
      const member = Math.floor(Math.random() * opts.members);
      const amount = 1 + Math.floor(Math.random() * 20); // up to €0.20: no member runs dry within the run
      const counted = measuring;
      try {
        let started = performance.now();
        const hold = await http1.request(
          "POST",
          prefix,
          { ...auth, "idempotency-key": `bench-${opts.runId}-${n}` },
          JSON.stringify({ customer: { email: memberEmail(member) }, amount, currency: "EUR", orderId: `bench-${opts.runId}-${n}` }),
        );
        const holdMs = performance.now() - started;
        count(hold.status);
        if (hold.status !== 201) {
          fail(`hold ${n}: ${hold.status} ${hold.body.slice(0, 300)}`);
          continue;
        }
        const { id } = JSON.parse(hold.body) as { id: string };
        started = performance.now();
        const capture = await http1.request("POST", `${prefix}/${encodeURIComponent(id)}/capture`, auth, "{}");
        const captureMs = performance.now() - started;
        count(capture.status);
        if (capture.status !== 200) {
          fail(`capture ${id}: ${capture.status} ${capture.body.slice(0, 300)}`);
          continue;
        }
        const body = JSON.parse(capture.body) as { status: string; amountCaptured: number };
        if (body.status !== "captured" || body.amountCaptured !== amount) fail(`capture ${id}: answered ${capture.body.slice(0, 200)} for ${amount}`);
        captured.set(id, { member, amount: body.amountCaptured });
        if (counted && measuring) {
          requests += 2;
          holdLatencies.push(holdMs);
          captureLatencies.push(captureMs);
        }
      } catch (error) {
        fail(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const deadline = Date.now() + (opts.warmupSeconds + opts.seconds) * 1000;
  const loops = Array.from({ length: opts.connections }, () => loop());
  await sleep(opts.warmupSeconds * 1000);
  const meter = await opts.meter();
  measuring = true;
  const started = performance.now();
  await sleep(opts.seconds * 1000);
  measuring = false;
  const cpu = await meter.stop();
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(loops);
  return { seconds: elapsed, requests, holdLatencies, captureLatencies, statusCounts, errors, errorSamples, captured, cpu };
}

// ─── Checks ─────────────────────────────────────────────────────────────────────────────────────────

async function verify(url: string, programId: string, captured: Map<string, { member: number; amount: number }>, members: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await c.query<T>(sql, params)).rows[0]!;
    const answered = [...captured.values()].reduce((s, r) => s + BigInt(r.amount), 0n);
    const stored = await one<{ n: string; captured: string | null; other: string }>(
      `SELECT count(*) FILTER (WHERE status = 'CAPTURED')::text AS n,
              sum(amount_captured) FILTER (WHERE status = 'CAPTURED')::text AS captured,
              count(*) FILTER (WHERE status <> 'CAPTURED')::text AS other
         FROM redemptions WHERE program_id = $1::uuid`,
      [programId],
    );
    // Capture moves member held → provider liability: the member side of those transactions is negative.
    const debits = await one<{ debited: string | null; postings: string }>(
      `SELECT (-sum(e.amount))::text AS debited, count(DISTINCT t.id)::text AS postings
         FROM ledger_transactions t
         JOIN ledger_entries e ON e.transaction_id = t.id
         JOIN ledger_accounts a ON a.id = e.account_id
        WHERE t.kind = 'REDEEM_CAPTURE' AND a.owner_type = 'MEMBER'`,
    );
    // Each member: available + held = funded reward − spent.
    const spentBy = new Map<number, bigint>();
    for (const r of captured.values()) spentBy.set(r.member, (spentBy.get(r.member) ?? 0n) + BigInt(r.amount));
    const balances = await c.query<{ email: string; total: string }>(
      `SELECT u.email, sum(a.balance)::text AS total
         FROM ledger_accounts a
         JOIN members m ON m.id::text = a.owner_id
         JOIN users u ON u.id = m.user_id
        WHERE a.owner_type = 'MEMBER' AND a.kind IN ('MEMBER_AVAILABLE', 'MEMBER_HELD') AND m.program_id = $1::uuid
        GROUP BY u.email`,
      [programId],
    );
    const reward = (FUNDED_PURCHASE_MINOR * 500n) / 10_000n;
    const totals = new Map(balances.rows.map((r) => [r.email, BigInt(r.total)]));
    let wrongMembers = 0;
    for (let i = 0; i < members; i++) if ((totals.get(memberEmail(i)) ?? 0n) !== reward - (spentBy.get(i) ?? 0n)) wrongMembers++;
    return {
      captures: captured.size,
      storedCaptures: Number(stored.n),
      notCaptured: Number(stored.other),
      capturedAnsweredMinor: answered.toString(),
      capturedStoredMinor: stored.captured ?? "0",
      memberDebitsMinor: debits.debited ?? "0",
      capturePostings: Number(debits.postings),
      membersWithWrongBalance: wrongMembers,
    };
  } finally {
    await c.end();
  }
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const { common } = parseServerBenchArgs({});
  const { seconds, warmupSeconds, connections, members: memberCount, healthSeconds } = common;

  const bench = benchRun("redemptions", { keep: common.keep });
  const { dbName, url } = bench;
  const serverTail: string[] = [];

  try {
    log(`redemptions benchmark: PostgreSQL ${await bench.pgVersion()}, ${os.cpus().length} cores, ${connections} connections, ${memberCount} members, ${seconds}s (+${warmupSeconds}s warm-up)`);
    if (!existsSync(ROUTE_SOURCE)) throw new Error(`the redemptions route is not there yet: ${path.relative(projectRoot, ROUTE_SOURCE)}`);

    // 1. Database, funded members and a key.
    await bench.createDatabase();
    process.env.BOOMERANG_QUIET_MIGRATE = "1";
    const { migrateDeploy } = await import("../scripts/db-lib");
    await migrateDeploy(url);
    const seedStarted = performance.now();
    const setup = await seed(url, memberCount);
    log(`created and migrated ${dbName}; ${setup.members} members funded (${setup.released} rewards released, €50.00 each) and an API key in ${round((performance.now() - seedStarted) / 1000, 2)}s`);

    // 2. The build and the server.
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
    await ensureBuild({ rebuild: common.build, env, builtFile: ROUTE_BUILT, lacks: "redemptions routes", onSpawn: (c) => bench.track(c) });
    const serverEnv: NodeJS.ProcessEnv = { ...env, API_RATE_LIMIT_PER_MINUTE: "100000000", EVENTS_RATE_LIMIT_PER_MINUTE: "100000000", BOOMERANG_WORKER: "0" };
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
    const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    // --split-cores: the server on a core of its own (bench/support.ts splitCores).
    const cpus = common.splitCores ? await splitCores(bench) : undefined;
    const { child, base, port } = await startNext({ env: serverEnv, nodeArgs, cpus, tail: serverTail, onSpawn: (c) => bench.track(c, true) });
    log(`next start on :${port} (pid ${child.pid}), healthy${cpus ? `; split cores: it runs on CPU ${cpus}, PostgreSQL and the load generator on the others` : ""}`);

    // 3. Hold + capture.
    const meter: Meter = () => cpuMeter(child.pid!, url, dbName);
    // One set of keep-alive connections for the load and for the health run after it.
    const http1 = httpClient(base, connections);
    const load = await runLoad({ http1, programId: setup.programId, key: setup.key, connections, members: memberCount, warmupSeconds, seconds, runId: randomUUID().slice(0, 8), meter });
    const perSecond = round(load.requests / load.seconds);
    const hold = stats(load.holdLatencies);
    const capture = stats(load.captureLatencies);
    const other = Object.entries(load.statusCounts).filter(([s]) => s !== "200" && s !== "201").map(([s, n]) => `${s}×${n}`).join(" ");
    log(`redemptions: ${perSecond} requests/s (${round(load.requests / 2 / load.seconds)} hold+capture pairs/s, ${load.errors} errors${other ? `: ${other}` : ""})`);
    log(`  hold    p50 ${hold.p50Ms} ms  p99 ${hold.p99Ms} ms  max ${hold.maxMs} ms`);
    log(`  capture p50 ${capture.p50Ms} ms  p99 ${capture.p99Ms} ms  max ${capture.maxMs} ms`);
    for (const e of load.errorSamples) log(`  error: ${e}`);

    // 4. The ceiling on the same server.
    const health = await healthCeiling(http1, connections, healthSeconds, meter);
    // The framework's floor for this route: the same POST with a body, answered 404 by the route wrapper before
    // any database work (the program id is not one). What a redemption costs beyond it is Boomerang's own work.
    const floor = await steadyRate(
      http1,
      connections,
      healthSeconds,
      {
        method: "POST",
        path: "/api/v1/programs/not-a-program/redemptions",
        headers: { authorization: `Bearer ${setup.key}`, "content-type": "application/json", "idempotency-key": "floor" },
        body: JSON.stringify({ customer: { email: memberEmail(0) }, amount: 1, currency: "EUR", orderId: "floor" }),
        expect: 404,
      },
      meter,
    );
    http1.close();
    const healthPerSecond = health.perSecond;
    const ratio = round(perSecond / healthPerSecond, 3);
    const ratioMet = ratio >= 0.5;
    const p99Met = hold.p99Ms < 100 && capture.p99Ms < 100;
    log(`GET /api/health: ${healthPerSecond} requests/s on the same server → ratio ${ratio} (target ≥ 0.5: ${ratioMet ? "met" : "NOT met"}); p99 < 100 ms: ${p99Met ? "met" : "NOT met"}`);
    // CPU per answered request: what the ratio comes to on a machine where the CPU is the limit.
    const perRequest = (cpu: CpuUse | null, n: number) =>
      cpu === null ? { appMs: Number.NaN, databaseMs: Number.NaN } : ({ appMs: round(cpu.appMs / Math.max(n, 1), 3), databaseMs: round(cpu.databaseMs / Math.max(n, 1), 3) });
    const cpu = { redemption: perRequest(load.cpu, load.requests), health: perRequest(health.cpu, health.ok) };
    log(`CPU per request: redemption ${cpu.redemption.appMs} ms app + ${cpu.redemption.databaseMs} ms PostgreSQL; health ${cpu.health.appMs} ms app + ${cpu.health.databaseMs} ms PostgreSQL`);
    const floorRatio = round(floor.perSecond / healthPerSecond, 3);
    const floorCpu = perRequest(floor.cpu, floor.ok);
    log(`framework floor (the same POST answered 404 before any database work): ${floor.perSecond} requests/s = ${floorRatio} × health, ${floorCpu.appMs} ms app CPU per request`);

    // 5. Checks, with nothing in flight.
    await stopChild(child, true);
    const checks = await verify(url, setup.programId, load.captured, memberCount);
    const { closeDb, createDb } = await import("@/lib/db/client");
    const { reconcile } = await import("@/lib/ledger");
    const check = createDb(url, 1);
    const rec = await reconcile(check).finally(() => closeDb(check));
    const checksOk =
      rec.ok &&
      checks.storedCaptures === checks.captures &&
      checks.capturePostings === checks.captures &&
      checks.capturedAnsweredMinor === checks.capturedStoredMinor &&
      checks.capturedStoredMinor === checks.memberDebitsMinor &&
      checks.membersWithWrongBalance === 0;
    log(
      `checks: ${checks.captures} captured (${checks.storedCaptures} stored, ${checks.notCaptured} left otherwise), captured ${checks.capturedAnsweredMinor} answered = ${checks.capturedStoredMinor} stored = ` +
        `${checks.memberDebitsMinor} member debits in ${checks.capturePostings} REDEEM_CAPTURE postings, ${checks.membersWithWrongBalance} members off, reconcile ${rec.ok ? "ok" : "FAILED"} → ${checksOk ? "ok" : "FAILED"}`,
    );
    if (!rec.ok) log(`  discrepancies: ${JSON.stringify(rec.discrepancies.slice(0, 5))}`);
    if (load.errors > 0) printServerTail(serverTail);

    const summary = {
      bench: "redemptions",
      connections,
      splitCores: common.splitCores,
      members: memberCount,
      seconds: round(load.seconds, 2),
      redemptions: { requestsPerSecond: perSecond, errors: load.errors, statuses: load.statusCounts, hold, capture, ...(load.errorSamples.length ? { firstErrors: load.errorSamples } : {}) },
      healthRequestsPerSecond: healthPerSecond,
      ratio,
      ratioTargetMet: ratioMet,
      cpuPerRequest: cpu,
      frameworkFloor: { requestsPerSecond: floor.perSecond, ratioToHealth: floorRatio, appMs: floorCpu.appMs },
      p99TargetMet: p99Met,
      checks: { ...checks, reconcileOk: rec.ok, ok: checksOk },
    };
    await bench.cleanup();
    log(JSON.stringify(summary));
    if (!checksOk || load.errors > 0) process.exitCode = 1;
  } catch (error) {
    printServerTail(serverTail);
    await bench.cleanup();
    throw error;
  }
}

runMain(main);
