import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { Webhook } from "standardwebhooks";
import { migrateDeploy } from "./db-lib";
import { signInOverHttp } from "@/dev/http-session";
import { freshDatabase } from "./fresh-database";

/**
 * `npm run test:cluster` (part of `npm test`): Boomerang as it runs past one machine — two `next start`
 * instances and two workers on one PostgreSQL database, nothing shared but the database. Checks that:
 *   1. a session made on one instance works on the other, and signing out on one ends it on both;
 *   2. a receipt photo and a logo uploaded through one instance are served by the other (no instance keeps files);
 *   3. order events sent round-robin to both, each also redelivered to the other instance, are credited
 *      exactly once — while one instance is stopped (SIGTERM) in the middle of the stream, its refused or
 *      cut-off requests retried on the other as a load balancer would; nothing is lost and the ledger reconciles;
 *   4. two workers start at once on a new database, and a scheduled job runs at most once per tick and never twice
 *      at once (pg-boss's cron, read from its tables).
 * Uses the production build in .next (builds one when there is none). Exit code 0 when every check holds.
 */
const log = (m: string) => console.log(`[cluster] ${m}`);
const EVENTS = Number(process.env.CLUSTER_EVENTS ?? 160);
const DEMO_PASSWORD = "boomerang-demo";
const next = path.join("node_modules", "next", "dist", "bin", "next");
const failures: string[] = [];
function check(ok: boolean, what: string) {
  log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

type Proc = { name: string; child: ChildProcess; exited: Promise<number | null>; output: string[] };
function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n").filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { name, child, exited, output };
}

async function stop(proc: Proc, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
  return proc.exited;
}

async function waitFor(what: string, probe: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not within ${seconds} s`);
}

async function main(): Promise<number> {
  const database = await freshDatabase("boomerang_cluster_", log);
  const procs: Proc[] = [];
  try {
    await migrateDeploy(database.url);
    process.env.DATABASE_URL = database.url;
    const { seedDemo } = await import("./seed");
    const { createDb, closeDb } = await import("@/lib/db/client");
    await seedDemo(log);
    const client = createDb(database.url, 4);

    if (!existsSync(path.join(".next", "BUILD_ID"))) {
      log("no production build: running next build");
      const build = spawnSync(process.execPath, [next, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (build.status !== 0) return build.status ?? 1;
    }

    const ports = [Number(process.env.CLUSTER_PORT ?? 3300), Number(process.env.CLUSTER_PORT ?? 3300) + 1];
    const urls = ports.map((p) => `http://localhost:${p}`);
    // One public address in front of both instances.
    const appUrl = urls[0]!;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: appUrl,
      APP_URL: appUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      BOOMERANG_DEMO: "1",
      BOOMERANG_WORKER: "0",
      BOOMERANG_MIGRATE: "0",
      UPLOAD_DIR: path.join(".data", `cluster-no-uploads-${randomUUID()}`),
    };
    const apps = ports.map((port, i) => start(`app ${"AB"[i]}`, process.execPath, [next, "start", "-p", String(port)], env));
    const workers = [0, 1].map((i) => start(`worker ${i + 1}`, process.execPath, ["scripts/launch.mjs", "worker"], env));
    procs.push(...apps, ...workers);
    for (const url of urls) await waitFor(`${url}/api/ready`, async () => (await fetch(`${url}/api/ready`)).ok, 180);
    // Both workers started at the same moment on a database whose queues did not exist yet.
    const running = (w: Proc) => w.child.exitCode === null && w.output.some((line) => line.includes("[worker] running"));
    await waitFor("both workers running", async () => workers.every(running) || workers.some((w) => w.child.exitCode !== null), 120);
    check(workers.every(running), "both workers, started at once on a new database, are running");
    log(`two instances ready at ${urls.join(" and ")}`);

    // ─── 1. Sessions: made on A, honoured on B, ended on both by signing out on B ───────────────────
    const { jar, csrfToken } = await signInOverHttp(urls[0]!, "maya@example.test", DEMO_PASSWORD, appUrl);
    const wallet = (i: number) => fetch(`${urls[i]}/api/me/wallet`, { headers: { cookie: jar.header() } });
    check((await wallet(0)).status === 200, "a member signs in on instance A and reads her wallet there");
    check((await wallet(1)).status === 200, "the session made on A works on instance B");

    // ─── 2. Uploads: a receipt photo sent through A is served by B ────────────────────────────────────
    const { resolveProgramRef } = await import("@/lib/programs/program-ref");
    const programId = await resolveProgramRef(client, "cafe-aurora");
    const photo = await sharp({ create: { width: 300, height: 500, channels: 3, background: { r: 250, g: 250, b: 245 } } }).png().toBuffer();
    const form = new FormData();
    form.set("image", new Blob([new Uint8Array(photo)], { type: "image/png" }), "receipt.png");
    form.set("programId", programId);
    form.set("amount", "23.40");
    form.set("purchasedOn", new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    form.set("receiptNumber", `CL-${randomUUID().slice(0, 8)}`);
    const sent = await fetch(`${urls[0]}/api/receipts`, { method: "POST", body: form, headers: { cookie: jar.header(), origin: appUrl } });
    const receipt = (await sent.json().catch(() => ({}))) as { receiptId?: string };
    check(sent.status === 201 && Boolean(receipt.receiptId), `a receipt photo is uploaded through A (${sent.status})`);
    const images = await Promise.all([0, 1].map((i) => fetch(`${urls[i]}/api/receipts/${receipt.receiptId}/image`, { headers: { cookie: jar.header() } })));
    const bytes = await Promise.all(images.map(async (r) => Buffer.from(await r.arrayBuffer())));
    check(images[1]!.status === 200 && images[1]!.headers.get("content-type") === "image/webp" && bytes[1]!.length > 0 && bytes[1]!.equals(bytes[0]!), "instance B serves the photo A stored, byte for byte");
    // A logo uploaded by the owner through A is the public image B serves.
    const owner = await signInOverHttp(urls[0]!, "owner@aurora.test", DEMO_PASSWORD, appUrl);
    const { providerId } = await client.program.findUniqueOrThrow({ where: { id: programId }, select: { providerId: true } });
    const logoForm = new FormData();
    logoForm.set("providerId", providerId);
    logoForm.set("programId", programId);
    logoForm.set("kind", "logo");
    logoForm.set("file", new Blob([new Uint8Array(await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 20, g: 120, b: 110 } } }).png().toBuffer())], { type: "image/png" }), "logo.png");
    const uploaded = await fetch(`${urls[0]}/dashboard/branding/image`, { method: "POST", body: logoForm, headers: { cookie: owner.jar.header(), origin: appUrl } });
    const logo = (await uploaded.json().catch(() => ({}))) as { url?: string };
    const served = logo.url ? await fetch(`${urls[1]}${logo.url}`) : null;
    check(uploaded.status === 200 && served?.status === 200 && served.headers.get("content-type") === "image/webp", `a logo uploaded through A (${uploaded.status}) is served by B (${served?.status ?? "no url"})`);
    check(!existsSync(env.UPLOAD_DIR!), "no instance wrote an upload to its own disk");

    // Signing out on B ends the session everywhere: A refuses the same cookie on its next request.
    const signOut = await fetch(`${urls[1]}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), origin: appUrl },
      body: new URLSearchParams({ csrfToken, callbackUrl: appUrl, json: "true" }),
    });
    const stale = jar.header();
    jar.take(signOut);
    const afterSignOut = await Promise.all([0, 1].map((i) => fetch(`${urls[i]}/api/me/wallet`, { headers: { cookie: stale } })));
    check(afterSignOut.every((r) => r.status === 401), `after signing out on B, the old session cookie is refused by both instances (${afterSignOut.map((r) => r.status).join(", ")})`);

    // ─── 3. Order events round-robin, each redelivered to the other instance; B stops mid-stream ──────
    const { getWebhookEndpoint } = await import("@/lib/programs/webhook-endpoint");
    const { secret } = await getWebhookEndpoint(client, programId);
    const signer = new Webhook(secret);
    const run = randomUUID().slice(0, 8);
    let bStopped = false;
    const statuses = new Map<number, number>();
    let rerouted = 0;
    async function deliver(order: number, first: number): Promise<void> {
      const body = JSON.stringify({ type: "order.paid", data: { orderId: `CL-${run}-${order}`, amount: 1000 + order, currency: "EUR", customer: { email: "leo@example.test" } } });
      const id = `msg_${run}_${order}`;
      // The shop's delivery, then its redelivery of the same message (same webhook-id) to the other instance.
      for (const target of [first, 1 - first]) {
        for (let attempt = 0; ; attempt++) {
          const to = bStopped && target === 1 ? 0 : target;
          const now = new Date();
          try {
            const res = await fetch(`${urls[to]}/api/v1/programs/${programId}/events`, {
              method: "POST",
              body,
              headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": signer.sign(id, now, body) },
            });
            await res.arrayBuffer();
            if (res.status >= 500) throw new Error(`status ${res.status}`);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            break;
          } catch (error) {
            // Refused or cut off (the instance is going away): the load balancer sends it to the other one.
            if (attempt >= 5) throw error;
            if (to === 1) bStopped = true;
            rerouted++;
          }
        }
      }
    }
    let nextOrder = 0;
    const senders = Array.from({ length: 8 }, async () => {
      for (let order = nextOrder++; order < EVENTS; order = nextOrder++) {
        if (order === Math.floor(EVENTS / 3) && !bStopped) {
          log("stopping instance B (SIGTERM) in the middle of the stream");
          void stop(apps[1]!).then(() => (bStopped = true));
        }
        await deliver(order, order % 2);
      }
    });
    await Promise.all(senders);
    const bExit = await apps[1]!.exited;
    log(`events: ${EVENTS} orders, ${EVENTS * 2} deliveries; answers ${JSON.stringify(Object.fromEntries(statuses))}; ${rerouted} rerouted after B stopped (exit ${bExit})`);
    check((statuses.get(202) ?? 0) === EVENTS && (statuses.get(200) ?? 0) === EVENTS, "every order accepted once (202) and its redelivery answered duplicate (200)");
    const counted = await client.$queryRawUnsafe<{ purchases: number; rewards: number }[]>(
      `SELECT count(DISTINCT p.id)::int AS purchases, count(r.id)::int AS rewards FROM purchases p LEFT JOIN rewards r ON r.purchase_id = p.id WHERE p.program_id = $1::uuid AND p.order_id LIKE $2`,
      programId,
      `CL-${run}-%`,
    );
    check(counted[0]!.purchases === EVENTS && counted[0]!.rewards === EVENTS, `each order is recorded and rewarded exactly once (${counted[0]!.purchases} purchases, ${counted[0]!.rewards} rewards)`);
    const { reconcile } = await import("@/lib/ledger");
    const books = await reconcile(client);
    check(books.ok, "the ledger reconciles");

    // ─── 4. Scheduled jobs: once per tick with two workers ────────────────────────────────────────────
    const { BOSS_SCHEMA } = await import("@/lib/jobs/boss");
    // pg-boss's cron clock sends a tick through its internal queue, at most one per schedule and minute (a unique
    // index on the tick's slot), and the job's run is created when a worker picks the tick up, so a run's
    // creation minute may be the next one. A run per tick and never two at once is what must hold.
    const runs = async () => {
      const [row] = await client.$queryRawUnsafe<{ ticks: number; runs: number; done: number; overlapping: number }[]>(
        `WITH jobs AS (SELECT name, singleton_key, state::text AS state, started_on, completed_on FROM ${BOSS_SCHEMA}.job
                       UNION ALL SELECT name, singleton_key, state::text, started_on, completed_on FROM ${BOSS_SCHEMA}.archive),
              runs AS (SELECT * FROM jobs WHERE name = 'rewards.release-due')
         SELECT (SELECT count(*) FROM jobs WHERE name = '__pgboss__send-it' AND singleton_key = 'rewards.release-due')::int AS ticks,
                (SELECT count(*) FROM runs)::int AS runs,
                (SELECT count(*) FROM runs WHERE state = 'completed')::int AS done,
                (SELECT count(*) FROM runs a JOIN runs b ON a.started_on < b.started_on
                  AND b.started_on < COALESCE(a.completed_on, 'infinity'))::int AS overlapping`,
      );
      return row!;
    };
    log("waiting for two runs of the every-minute release job (up to 3 minutes)");
    await waitFor("two completed runs of rewards.release-due", async () => (await runs()).done >= 2, 200);
    const seen = await runs();
    check(
      seen.runs <= seen.ticks && seen.overlapping === 0,
      `rewards.release-due ran at most once per tick on two workers, never two runs at once (${seen.ticks} ticks, ${seen.runs} runs, ${seen.done} completed, ${seen.overlapping} overlapping)`,
    );

    await closeDb(client);
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
    log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await Promise.all(procs.map((p) => stop(p)));
    if (failures.length > 0) for (const p of procs) log(`last output of ${p.name}:\n  ${p.output.slice(-15).join("\n  ")}`);
    await database.cleanup().catch(() => {});
  }
  log(failures.length === 0 ? "all checks passed" : `${failures.length} check(s) failed: ${failures.join("; ")}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
