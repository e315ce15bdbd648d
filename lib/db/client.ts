import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client handed to callbacks of `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Either the root client or a transaction client: functions that may run inside a caller's transaction take this. */
export type DbOrTx = PrismaClient | Tx;

/** The one place the database address is read: fail loudly instead of letting pg fall back to PG* defaults. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or set DATABASE_URL.");
  return url;
}

/**
 * A pool whose every connection has an error listener. node-postgres emits a connection's errors (the server
 * terminating it, a dropped socket) on the pool while it is idle but on the client while it is checked out,
 * and an "error" event nobody listens to is an uncaught exception that kills a worker or CLI process.
 */
function newPool(config: pg.PoolConfig, label: string): pg.Pool {
  const pool = new pg.Pool({ ...config, allowExitOnIdle: true });
  const warn = (error: Error) => console.warn(`[db] ${label} connection lost: ${error.message}`);
  pool.on("error", warn);
  pool.on("connect", (client) => client.on("error", warn));
  return pool;
}

/**
 * The pools behind each client this module makes, beside Prisma's own:
 *   - sql: plain SQL in pipeline mode (a statement goes out without waiting for the previous one's answer,
 *     so BEGIN, the statements and COMMIT of a unit of work share round trips);
 *   - counter: a couple of connections for shared counters (rate-limit claims, a key's last use), which a
 *     unit of work may wait for while it holds a connection of the sql pool — on that pool they could wait
 *     for each other forever once every connection is held by a unit.
 */
const sqlPools = new WeakMap<object, pg.Pool>();
const counterPools = new WeakMap<object, pg.Pool>();

export function createDb(connectionString: string, max = Number(process.env.DATABASE_POOL_MAX ?? 10)): PrismaClient {
  const prismaPool = newPool({ connectionString, max }, "prisma");
  const client = new PrismaClient({ adapter: new PrismaPg(prismaPool, { disposeExternalPool: true }) });
  sqlPools.set(client, newPool({ connectionString, max: Number(process.env.SQL_POOL_MAX ?? max), pipeline: true }, "sql"));
  counterPools.set(client, newPool({ connectionString, max: Number(process.env.COUNTER_POOL_MAX ?? 2), pipeline: true }, "counter"));
  return client;
}

const globalForDb = globalThis as unknown as { __boomerangDb?: PrismaClient };

function getDb(): PrismaClient {
  globalForDb.__boomerangDb ??= createDb(databaseUrl());
  return globalForDb.__boomerangDb;
}

/** A client that is `get()` at each use, so importing this module never needs a database. */
function lazyClient(get: () => PrismaClient): PrismaClient {
  return new Proxy({} as PrismaClient, {
    get(_target, prop) {
      const client = get();
      const value = Reflect.get(client, prop, client);
      return typeof value === "function" ? value.bind(client) : value;
    },
    // `"$transaction" in db` must see the real client's methods: inTransaction relies on it to open a transaction.
    has(_target, prop) {
      return Reflect.has(get(), prop);
    },
  });
}

/** The process-wide client, created on first use. */
export const db: PrismaClient = lazyClient(getDb);

const globalForReadDb = globalThis as unknown as { __boomerangReadDb?: { url: string; client: PrismaClient } };

function getReadDb(): PrismaClient {
  const url = process.env.DATABASE_READ_URL;
  if (!url) return getDb();
  if (globalForReadDb.__boomerangReadDb?.url !== url) {
    globalForReadDb.__boomerangReadDb = { url, client: createDb(url, Number(process.env.DATABASE_READ_POOL_MAX ?? process.env.DATABASE_POOL_MAX ?? 10)) };
  }
  return globalForReadDb.__boomerangReadDb.client;
}

/**
 * The client for reads that may lag the primary by a moment: dashboards, history, lists and exports. It is
 * DATABASE_READ_URL (a read replica) when set, else the primary. Never for a read that decides about money
 * (balances before a spend or a withdrawal, idempotency, limits): those read `db`, in their unit of work.
 */
export const readDb: PrismaClient = lazyClient(getReadDb);

/** The root client behind `client` (the shared `db` and `readDb` are proxies); null for a transaction client. */
function rootOf(client: DbOrTx): object {
  if (client === db) return getDb();
  if (client === readDb) return getReadDb();
  return client;
}

/** The SQL pool of a root client (the shared `db`, `readDb` or one from createDb); null for a transaction client. */
export function sqlPoolOf(client: DbOrTx): pg.Pool | null {
  return sqlPools.get(rootOf(client)) ?? null;
}

/** The counter pool of a root client; null for a transaction client. */
function counterPoolOf(client: DbOrTx): pg.Pool | null {
  return counterPools.get(rootOf(client)) ?? null;
}

export async function disconnectDb(): Promise<void> {
  const client = globalForDb.__boomerangDb;
  const reader = globalForReadDb.__boomerangReadDb?.client;
  globalForDb.__boomerangDb = undefined;
  globalForReadDb.__boomerangReadDb = undefined;
  await Promise.all([client ? closeDb(client) : undefined, reader ? closeDb(reader) : undefined]);
}

/** Closes a client from createDb and its SQL and counter pools. */
export async function closeDb(client: PrismaClient): Promise<void> {
  const pools = [sqlPools.get(client), counterPools.get(client)];
  sqlPools.delete(client);
  counterPools.delete(client);
  await Promise.all([client.$disconnect(), ...pools.map((pool) => pool?.end())]);
}

/**
 * Names for statement texts, so each pooled connection parses and plans a text once and then only binds and
 * executes it (the hot paths' CTE statements cost PostgreSQL more to plan than to run). Bounded: texts past
 * the first few hundred run unnamed.
 */
const statementNames = new Map<string, string>();
// The embedded database (PGlite) serves every connection from one shared session, where a statement one
// connection prepared already exists for the next: there, statements stay unnamed. Its URL says so.
// The same holds for transactions: while one connection has a transaction open, the others' statements wait,
// so nothing may wait on a second connection while it holds a transaction on the first.
export const sharesOneSession = () => process.env.DATABASE_URL?.includes("application_name=boomerang-embedded") ?? false;
export function named(text: string, values: unknown[]): pg.QueryConfig {
  if (sharesOneSession()) return { text, values };
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
 * One read (or a single self-contained statement) with positional parameters: on the SQL pool for a root
 * client, on the transaction for a transaction client. Writes that belong together go through unitOfWork.
 * Results come back as node-postgres / Prisma raw give them: cast int8 and numeric to text in the SQL.
 */
export async function runQuery<T>(client: DbOrTx, text: string, params: unknown[] = []): Promise<T[]> {
  const pool = sqlPoolOf(client);
  if (pool) return (await pool.query(named(text, params))).rows as T[];
  return client.$queryRawUnsafe<T[]>(text, ...params);
}

/**
 * Statements sent in one go (a flight) leave in one socket write: the connection's socket is corked at a
 * flight's first statement and uncorked once the code that sends them has run (process.nextTick runs after
 * the promise continuations in progress), instead of one write, and one system call, per statement.
 */
export function corker(conn: pg.PoolClient): () => void {
  const stream = (conn as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
  if (!stream?.cork || !stream.uncork) return () => {};
  let corked = false;
  return () => {
    if (corked) return;
    corked = true;
    stream.cork!();
    process.nextTick(() => {
      corked = false;
      stream.uncork!();
    });
  };
}

/**
 * runQuery for a statement that only bumps counters that many requests hit on one shared row (rate-limit
 * buckets, a key's last use): on the counter pool, committed without waiting for the WAL flush
 * (synchronous_commit off for this transaction only), so the row lock is released at once instead of after
 * an fsync. The counts stay exact; a crash can forget the last fraction of a second of hits. Never for money
 * or anything else that must survive.
 */
export async function counterQuery<T>(client: DbOrTx, text: string, params: unknown[] = []): Promise<T[]> {
  const pool = counterPoolOf(client);
  if (!pool) return client.$queryRawUnsafe<T[]>(text, ...params);
  const conn = await pool.connect();
  let broken: Error | undefined;
  try {
    // Pipelined: one round trip, and one socket write, for the four messages.
    corker(conn)();
    const [, , result] = await Promise.all([
      conn.query("BEGIN"),
      conn.query("SET LOCAL synchronous_commit TO off"),
      conn.query(named(text, params)),
      conn.query("COMMIT"),
    ]);
    return result.rows as T[];
  } catch (error) {
    await conn.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    conn.release(broken);
  }
}

/** Runs `fn` in a Prisma transaction: the caller's, when given a transaction client, else a new one. */
export function inTransaction<T>(client: DbOrTx, fn: (tx: Tx) => Promise<T>, opts?: { timeout?: number }): Promise<T> {
  if ("$transaction" in client) return client.$transaction(fn, { timeout: opts?.timeout ?? 15_000, maxWait: 10_000 });
  return fn(client);
}
