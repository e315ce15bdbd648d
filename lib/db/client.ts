import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client handed to callbacks of `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Either the root client or a transaction client: functions that may run inside a caller's transaction take this. */
export type DbOrTx = PrismaClient | Tx;

export function createDb(connectionString: string, max = Number(process.env.DATABASE_POOL_MAX ?? 10)): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

const globalForDb = globalThis as unknown as { __boomerangDb?: PrismaClient; __boomerangPool?: pg.Pool; __boomerangCounterPool?: pg.Pool; __boomerangTxPool?: pg.Pool };

function getDb(): PrismaClient {
  if (!globalForDb.__boomerangDb) {
    const url = process.env.DATABASE_URL;
    // Fail loudly instead of letting pg fall back to PG* defaults and talk to the wrong database.
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or set DATABASE_URL.");
    globalForDb.__boomerangDb = createDb(url);
  }
  return globalForDb.__boomerangDb;
}

/** The process-wide client, created on first use so that importing this module never needs a database. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
  // `"$transaction" in db` must see the real client's methods: inTransaction relies on it to open a transaction.
  has(_target, prop) {
    return Reflect.has(getDb(), prop);
  },
});

/**
 * A plain node-postgres pool on the same database, for the few hot paths that are one SQL statement and
 * where Prisma's per-query overhead is most of the cost (posting to the ledger). Used only behind lib/.
 */
export function sqlPool(): pg.Pool {
  if (!globalForDb.__boomerangPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or set DATABASE_URL.");
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.SQL_POOL_MAX ?? 8) });
    // An idle connection the server closes (restart, failover, a dropped test database) must not crash the
    // process: the pool discards it and opens a new one on the next query.
    pool.on("error", (error) => console.warn(`[db] idle SQL pool connection closed: ${error.message}`));
    globalForDb.__boomerangPool = pool;
  }
  return globalForDb.__boomerangPool;
}

/**
 * Names for the hot paths' statement texts, so each pooled connection parses and plans a text once and then
 * only binds and executes it (these CTE statements cost PostgreSQL more to plan than to run). Bounded: texts
 * past the first few hundred run unnamed.
 */
const statementNames = new Map<string, string>();
// The embedded database (PGlite) serves every connection from one shared session, where a statement one
// connection prepared already exists for the next: there, statements stay unnamed. Its URL says so.
const sharedSession = () => process.env.DATABASE_URL?.includes("application_name=boomerang-embedded") ?? false;
function named(text: string, values: unknown[]): pg.QueryConfig {
  if (sharedSession()) return { text, values };
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < 500) {
    // Named by content: connections outlive a reloaded module (dev server, tests), so a name must always
    // mean the same text.
    name = `b_${createHash("sha256").update(text).digest("hex").slice(0, 40)}`;
    statementNames.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}

/**
 * A small pool for counters that every request bumps on one shared row (rate-limit buckets): its sessions
 * commit without waiting for the WAL flush (synchronous_commit off), so the row lock is released at once
 * instead of after an fsync and concurrent requests stop queueing behind it. The counts stay exact; a crash
 * can forget the last fraction of a second of hits. Never use it for money or anything else that must survive.
 */
function counterPool(): pg.Pool {
  if (!globalForDb.__boomerangCounterPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or set DATABASE_URL.");
    // Pipeline mode: the SET below goes out on connect and the first statement right behind it.
    const pool = new pg.Pool({ connectionString: url, max: Math.max(2, Math.floor(Number(process.env.SQL_POOL_MAX ?? 8) / 2)), pipeline: true });
    pool.on("connect", (client) => {
      client.query("SET synchronous_commit TO off").catch((error: unknown) => console.warn(`[db] counter pool: ${String(error)}`));
    });
    pool.on("error", (error) => console.warn(`[db] idle counter pool connection closed: ${error.message}`));
    globalForDb.__boomerangCounterPool = pool;
  }
  return globalForDb.__boomerangCounterPool;
}

/** rawQuery for a statement that only bumps counters (and reads): outside a transaction it runs on the counter pool. */
export async function rawCounterQuery<T>(client: DbOrTx, sql: string, params: unknown[]): Promise<T[]> {
  if (client === db) return (await counterPool().query(named(sql, params))).rows as T[];
  return client.$queryRawUnsafe<T[]>(sql, ...params);
}

/**
 * One SQL statement with positional parameters. Outside a transaction it goes through the plain SQL pool
 * (the hot paths: ledger postings, rate limits, inbound lookups); inside one it runs on that transaction.
 */
export async function rawQuery<T>(client: DbOrTx, sql: string, params: unknown[]): Promise<T[]> {
  if (client === db) return (await sqlPool().query(sql, params)).rows as T[];
  return client.$queryRawUnsafe<T[]>(sql, ...params);
}

export async function disconnectDb(): Promise<void> {
  const client = globalForDb.__boomerangDb;
  const pool = globalForDb.__boomerangPool;
  const counters = globalForDb.__boomerangCounterPool;
  const txs = globalForDb.__boomerangTxPool;
  globalForDb.__boomerangDb = undefined;
  globalForDb.__boomerangPool = undefined;
  globalForDb.__boomerangCounterPool = undefined;
  globalForDb.__boomerangTxPool = undefined;
  await Promise.all([client?.$disconnect(), pool?.end(), counters?.end(), txs?.end()]);
}

/**
 * Runs statements for code that must work both inside a caller's Prisma transaction and on its own: raw SQL,
 * so the hot paths skip Prisma's per-query work. `tx` is the Prisma transaction when there is one.
 * `last` runs the transaction's final statement: on the SQL pool COMMIT is sent with it (pipelined), so no
 * round trip to this process separates it from the commit; on a Prisma transaction it is `query`.
 * Results come back as node-postgres / Prisma raw give them: cast int8 and numeric to text in the SQL.
 */
export type Sql = {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  last<T>(sql: string, params?: unknown[]): Promise<T[]>;
  tx: Tx | null;
};

/** A Sql on a caller's Prisma transaction. */
export function sqlOn(tx: Tx): Sql {
  const query = <T>(sql: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(sql, ...params);
  return { query, last: query, tx };
}

/**
 * Connections for withSqlTransaction, in node-postgres' pipeline mode: BEGIN goes out with the first
 * statement and COMMIT with the last, so locks taken by the last statement (the provider's ledger account,
 * which every reward posts to) are held for PostgreSQL's own work, not while a busy app gets round to
 * sending COMMIT.
 */
function txPool(): pg.Pool {
  if (!globalForDb.__boomerangTxPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or set DATABASE_URL.");
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.SQL_POOL_MAX ?? 8), pipeline: true });
    pool.on("error", (error) => console.warn(`[db] idle transaction pool connection closed: ${error.message}`));
    globalForDb.__boomerangTxPool = pool;
  }
  return globalForDb.__boomerangTxPool;
}

/**
 * Runs `fn` in a transaction of its own on a plain SQL connection (BEGIN … COMMIT, ROLLBACK on any error).
 * A connection whose ROLLBACK fails is discarded rather than returned to the pool mid-transaction.
 */
export async function withSqlTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await txPool().connect();
  let begun: Promise<unknown> | null = client.query("BEGIN");
  let finished = false;
  const run = async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
    if (finished) throw new Error("withSqlTransaction: a statement after the last one");
    const result = client.query(named(text, params));
    if (begun) {
      const first = begun;
      begun = null;
      return (await Promise.all([first, result]))[1].rows as R[];
    }
    return (await result).rows as R[];
  };
  const sql: Sql = {
    query: run,
    last: async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
      const rows = run<R>(text, params);
      finished = true;
      // After a failed statement PostgreSQL answers this COMMIT with a rollback; the statement's error is thrown.
      return (await Promise.all([rows, client.query("COMMIT")]))[0];
    },
    tx: null,
  };
  let broken: Error | undefined;
  try {
    const result = await fn(sql);
    if (!finished) await client.query("COMMIT");
    return result;
  } catch (error) {
    await Promise.allSettled([begun]);
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Runs `fn` in a transaction: the caller's, when given a transaction client, else a new one. */
export function inTransaction<T>(client: DbOrTx, fn: (tx: Tx) => Promise<T>, opts?: { timeout?: number }): Promise<T> {
  if ("$transaction" in client) return client.$transaction(fn, { timeout: opts?.timeout ?? 15_000, maxWait: 10_000 });
  return fn(client);
}
