/**
 * Member pages benchmark: `npm run bench:pages [-- --requests N]`.
 *
 * Against `next start` on the PostgreSQL server at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres):
 *   1. creates and migrates a fresh database boomerang_bench_pages_<ts>;
 *   2. seeds the member under test the way the app does it: a program (10% back, 14-day hold), the member joins,
 *      then --movements purchases (default 1,000) over the past year go through recordPurchase (reward + EARN
 *      posting each) and the hold-period release (RELEASE posting) as the worker would;
 *   3. fills the ledger up to --entries entries (default 100,000) with other members' earnings, posted by the
 *      ledger's own `ledger_post` SQL function (its triggers check every one), in batches;
 *   4. builds the app when there is no build (or --build), starts `next start` (worker off), signs the member in
 *      through next-auth's credentials endpoint;
 *   5. requests /wallet, /wallet/history and /api/me/wallet (the wallet's polling route) --requests times each, one
 *      at a time after --warmup requests, and prints p50/p95 of the full response time (and of the first byte:
 *      the pages stream, so the first byte comes before the data);
 *   6. sums the JavaScript the /wallet HTML loads (every <script src>), raw and gzipped: its first-load JS; then, when
 *      Chromium is installed (CHROMIUM_PATH, default /usr/bin/chromium), opens /wallet in it at the phone viewport
 *      and lists every script the browser really fetched: any beyond the HTML's are code loaded after hydration
 *      (the wallet's live polling, the toaster, routes prefetched for its links), printed separately;
 *   7. stops the server, drops the database, prints one JSON line last. Figures are printed, not asserted.
 *
 * Options: --requests N (100)  --warmup N (10)  --movements N (1000)  --entries N (100000)  --build  --keep
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { benchRun, ensureBuild, log, onServer, percentile, printServerTail, round, runMain, startNext } from "./support";

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const WALLET_BUILT = path.join(projectRoot, ".next", "server", "app", "(consumer)", "wallet", "history", "page.js");
const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = "bench-member-password";
const EMAIL = "bench-pages-member@example.com";


function stats(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  return { p50Ms: round(percentile(sorted, 50), 2), p95Ms: round(percentile(sorted, 95), 2), maxMs: round(sorted.at(-1) ?? Number.NaN, 2) };
}

// ─── Data ───────────────────────────────────────────────────────────────────────────────────────────

/** The member under test, created the way the app creates everything: rewards through recordPurchase. */
async function seedMember(url: string, movements: number) {
  const { closeDb, createDb } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/users/create-user");
  const { createProvider } = await import("@/lib/providers/create-provider");
  const { joinProgram } = await import("@/lib/members/join-program");
  const { recordPurchase } = await import("@/lib/purchases/record-purchase");
  const { releaseDueRewards } = await import("@/lib/rewards/release-due-rewards");
  const client = createDb(url, 6);
  try {
    const owner = await createUser(client, { email: "bench-pages-owner@example.com", password: randomBytes(12).toString("hex"), name: "Bench owner" });
    const { programId, providerId } = await createProvider(client, { name: "Bench Café", slug: "bench-cafe", ownerUserId: owner.id, currency: "EUR", cashbackBps: 1000, processingMode: "AUTOMATIC", holdDays: 14 });
    // No guard may send a reward to review: every purchase is rewarded at once.
    await client.program.update({ where: { id: programId }, data: { reviewThresholdMinor: null, velocityLimitPerDay: null, cashierDailyCapMinor: null } });
    const user = await createUser(client, { email: EMAIL, password: PASSWORD, name: "Bench Member" });
    const member = await joinProgram(client, { userId: user.id, programId });
    const now = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < movements; i = next++) {
          // Spread over the past year, newest last; the last few weeks' rewards stay pending.
          const at = new Date(now - Math.floor(((movements - i) * 365 * DAY) / movements));
          await recordPurchase(client, {
            programId,
            source: i % 3 === 0 ? "REGISTER" : "WEBHOOK",
            orderId: `bench-${i}`,
            origin: { bench: true },
            amountMinor: BigInt(500 + ((i * 7919) % 15_000)),
            currency: "EUR",
            customer: { memberId: member.id },
            occurredAt: at,
            now: at,
            actor: { type: "WEBHOOK", id: "bench" },
          });
        }
      }),
    );
    const { released } = await releaseDueRewards(client, { now: new Date(now) });
    return { programId, providerId, memberId: member.id, released };
  } finally {
    await closeDb(client);
  }
}

/** Other members' earnings through ledger_post (the function `post` calls), 2 entries each, up to `target` entries. */
async function fillLedger(url: string, target: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const count = async () => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries`)).rows[0]!.n);
    const existing = await count();
    const transactions = Math.max(0, Math.ceil((target - existing) / 2));
    const batch = 5000;
    for (let from = 0; from < transactions; from += batch) {
      const to = Math.min(transactions, from + batch) - 1;
      await client.query(
        `SELECT count(*) FROM (
           SELECT ledger_post('bench:fill:' || g, 'EARN', 'bench-fill', g::text, '{}'::jsonb, md5(g::text), NULL,
                  now() - (g % 365) * interval '1 day',
                  ARRAY['PROVIDER', 'MEMBER'], ARRAY['bench-provider-' || (g % 50), 'bench-filler-' || (g % 5000)],
                  ARRAY['PROVIDER_LIABILITY', 'MEMBER_PENDING'], ARRAY['EUR', 'EUR'], ARRAY[-(100 + g % 900), 100 + g % 900]::bigint[])
             FROM generate_series($1::int, $2::int) AS g) AS posted`,
        [from, to],
      );
    }
    await client.query("ANALYZE");
    return await count();
  } finally {
    await client.end();
  }
}

// ─── HTTP ───────────────────────────────────────────────────────────────────────────────────────────

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through next-auth's credentials endpoint, as the sign-in form does; the session cookie. */
async function signIn(base: URL): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(new URL("/api/auth/csrf", base));
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(new URL("/api/auth/callback/credentials", base), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, callbackUrl: "/wallet", json: "true" }),
  });
  cookiesOf(res, jar);
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token"))) throw new Error(`sign-in failed: HTTP ${res.status} ${await res.text()}`);
  return cookieHeader(jar);
}

/** `n` sequential GETs; the time to the first byte and to the whole body, and a check that it was the page. */
async function measure(base: URL, pathName: string, cookie: string, n: number, expect: string) {
  const total: number[] = [];
  const firstByte: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(new URL(pathName, base), { headers: { cookie }, redirect: "manual" });
    firstByte.push(performance.now() - started);
    const body = await res.text();
    total.push(performance.now() - started);
    if (res.status !== 200 || !body.includes(expect)) throw new Error(`${pathName}: HTTP ${res.status}, ${body.includes(expect) ? "" : `no "${expect}" in the answer`}`);
    bytes = body.length;
  }
  return { ...stats(total), firstByte: stats(firstByte), htmlBytes: bytes };
}

/** The JavaScript a fresh visit to the page downloads: every script the HTML references, raw and gzipped. */
async function firstLoadJs(base: URL, pathName: string, cookie: string) {
  const html = await (await fetch(new URL(pathName, base), { headers: { cookie } })).text();
  // noModule scripts (Next's legacy polyfills) are skipped by every browser that runs modules: not counted.
  const tags = [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)];
  const srcs = [...new Set(tags.filter((m) => !/nomodule/i.test(`${m[1]}${m[3]}`)).map((m) => m[2]!.replaceAll("&amp;", "&")))];
  const chunks = await Promise.all(
    srcs.map(async (src) => {
      const buf = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
      return { src, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
    }),
  );
  const sum = (k: "raw" | "gzip") => chunks.reduce((s, c) => s + c[k], 0);
  return { chunks: chunks.length, rawKb: round(sum("raw") / 1024), gzipKb: round(sum("gzip") / 1024), largest: chunks.sort((a, b) => b.gzip - a.gzip), srcs: new Set(srcs.map((src) => new URL(src, base).pathname)) };
}

/**
 * What a real browser fetches for the page: the scripts of its HTML, then whatever loads lazily once it is
 * interactive. Null when no Chromium is installed.
 */
async function browserJs(base: URL, pathName: string, cookie: string, htmlScripts: Set<string>) {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) return null;
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--headless=new", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: base.origin };
      }),
    );
    const page = await context.newPage();
    const fetched = new Set<string>();
    page.on("request", (req) => {
      if (req.resourceType() === "script") fetched.add(new URL(req.url()).pathname);
    });
    await page.goto(new URL(pathName, base).href, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    if (new URL(page.url()).pathname !== pathName) throw new Error(`Chromium was sent to ${page.url()} instead of ${pathName}`);
    const later = [...fetched].filter((src) => !htmlScripts.has(src));
    const sizes = await Promise.all(later.map(async (src) => gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer()), { level: 9 }).length));
    return { fetched: fetched.size, later: later.map((src, i) => ({ src, gzip: sizes[i]! })), laterGzipKb: round(sizes.reduce((a, b) => a + b, 0) / 1024) };
  } finally {
    await browser.close();
  }
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "100" },
      warmup: { type: "string", default: "10" },
      movements: { type: "string", default: "1000" },
      entries: { type: "string", default: "100000" },
      build: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
  });
  const requests = Number(values.requests);
  const warmup = Number(values.warmup);
  const movements = Number(values.movements);
  const entries = Number(values.entries);
  const bench = benchRun("pages", { keep: Boolean(values.keep) });
  const { url } = bench;
  const serverTail: string[] = [];

  try {
    log(`pages benchmark: PostgreSQL ${await bench.pgVersion()}, ${os.cpus().length} cores; member with ${movements} purchases, ledger of ${entries} entries, ${requests} requests per page`);

    // 1–3. Database and data.
    await bench.createDatabase();
    process.env.BOOMERANG_QUIET_MIGRATE = "1";
    const { migrateDeploy } = await import("../scripts/db-lib");
    await migrateDeploy(url);
    let t = performance.now();
    const seeded = await seedMember(url, movements);
    log(`member: ${movements} purchases rewarded through recordPurchase, ${seeded.released} released, in ${round((performance.now() - t) / 1000)}s`);
    t = performance.now();
    const total = await fillLedger(url, entries);
    const memberEntries = await onServer(url, async (c) =>
      Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.owner_id = $1`, [seeded.memberId])).rows[0]!.n),
    );
    log(`ledger: ${total} entries (${memberEntries} on the member's accounts) after filling in ${round((performance.now() - t) / 1000)}s`);

    // 4. Build and server.
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
    await ensureBuild({ rebuild: Boolean(values.build), env, builtFile: WALLET_BUILT, lacks: "wallet history page", onSpawn: (c) => bench.track(c) });
    const { base, port } = await startNext({ env: { ...env, BOOMERANG_WORKER: "0" }, tail: serverTail, onSpawn: (c) => bench.track(c, true) });
    const cookie = await signIn(base);
    log(`next start on :${port}, signed in as ${EMAIL}`);

    // 5. Response times.
    const pages = [
      { path: "/wallet", expect: "Bench Café" },
      { path: "/wallet/history", expect: "Load more" },
      { path: "/api/me/wallet", expect: seeded.memberId },
    ];
    const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const p of pages) {
      await measure(base, p.path, cookie, warmup, p.expect);
      const r = await measure(base, p.path, cookie, requests, p.expect);
      results[p.path] = r;
      log(`${p.path.padEnd(16)} p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms  max ${r.maxMs} ms  (first byte p50 ${r.firstByte.p50Ms} ms, p95 ${r.firstByte.p95Ms} ms; ${round(r.htmlBytes / 1024)} kB)`);
    }

    // 6. First-load JS of the wallet.
    const js = await firstLoadJs(base, "/wallet", cookie);
    log(`/wallet first-load JS: ${js.chunks} scripts, ${js.rawKb} kB raw, ${js.gzipKb} kB gzipped (target < 150 kB gzipped: ${js.gzipKb < 150 ? "met" : "NOT met"})`);
    for (const c of js.largest) log(`  ${round(c.gzip / 1024)} kB gz  ${c.src}`);
    const browser = await browserJs(base, "/wallet", cookie, js.srcs);
    if (!browser) log("(no Chromium: the scripts a browser loads after hydration are not listed)");
    else {
      log(`in Chromium: ${browser.fetched} scripts fetched; after hydration (lazy code such as the live polling and toaster, and routes prefetched for its links; not first-load): ${browser.later.length} scripts, ${browser.laterGzipKb} kB gzipped`);
      for (const c of browser.later) log(`  ${round(c.gzip / 1024)} kB gz  ${c.src}`);
    }

    await bench.cleanup();
    log(
      JSON.stringify({
        bench: "pages",
        movements,
        ledgerEntries: total,
        memberLedgerEntries: memberEntries,
        requests,
        responseMs: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { p50: v.p50Ms, p95: v.p95Ms, max: v.maxMs, firstByteP50: v.firstByte.p50Ms, firstByteP95: v.firstByte.p95Ms }])),
        walletFirstLoadJs: { scripts: js.chunks, rawKb: js.rawKb, gzipKb: js.gzipKb, targetMet: js.gzipKb < 150 },
        walletAfterHydrationJs: browser ? { scripts: browser.later.length, gzipKb: browser.laterGzipKb } : null,
        runId: randomUUID().slice(0, 8),
      }),
    );
  } catch (error) {
    printServerTail(serverTail);
    await bench.cleanup();
    throw error;
  }
}

runMain(main);
