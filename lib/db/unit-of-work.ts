import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { corker, named, sqlPoolOf, type DbOrTx, type Tx } from "./client";
import { isDatabaseUnavailable, isRetryableConflict } from "./errors";

/**
 * The one interface every money write goes through. Domain code writes statements against it and never
 * asks which back end it has: a pipelined node-postgres transaction of its own, or a caller's Prisma
 * transaction. Results come back as node-postgres gives them: cast int8 and numeric to text in the SQL.
 */
export type Sql = {
  /** Runs a statement in the unit and returns its rows. */
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Sends a write whose rows the caller does not need, without waiting for its answer: on the pipelined back
   * end it shares a round trip with what follows (COMMIT, when it is the last). If it fails, the whole unit
   * rolls back and unitOfWork throws its error (through `translate`, when given).
   */
  write(text: string, params?: unknown[], translate?: (error: unknown) => never): void;
};

type Backend = { sql: Sql; finish(): Promise<void>; abort(): Promise<void>; committing(): boolean; track(promise: Promise<unknown>): void };

const AFTER_COMMIT = Symbol("afterCommit");

/** What a unit answers once it has committed: see `afterCommit`. */
export type AfterCommit<T> = { readonly [AFTER_COMMIT]: { pending: readonly Promise<unknown>[]; build: () => T | Promise<T> } };

/** A unit's result: its function's answer, or what an `afterCommit` builds. */
export type UnitResult<T> = T extends AfterCommit<infer U> ? U : T;

/**
 * Lets a unit end without waiting for its last statements' answers: COMMIT goes out right behind them, in the
 * same round trip, so a lock the last statements take is held for PostgreSQL's work only, never while this
 * process reads their rows. `build` runs once the unit committed; if any of `pending` failed, the unit rolled
 * back and throws that failure instead.
 */
export function afterCommit<T>(pending: readonly Promise<unknown>[], build: () => T | Promise<T>): AfterCommit<T> {
  return { [AFTER_COMMIT]: { pending, build } };
}

function isAfterCommit(value: unknown): value is AfterCommit<unknown> {
  return typeof value === "object" && value !== null && AFTER_COMMIT in value;
}

/** A statement's failure mapped through its translator, kept so the unit reports it rather than a later symptom. */
function tracker() {
  let failure: { error: unknown } | null = null;
  const pending: Promise<unknown>[] = [];
  return {
    track(promise: Promise<unknown>, translate?: (error: unknown) => never) {
      const settled = promise.catch((error: unknown) => {
        let mapped = error;
        if (translate) {
          try {
            translate(error);
          } catch (translated) {
            mapped = translated;
          }
        }
        failure ??= { error: mapped };
        throw mapped;
      });
      settled.catch(() => undefined);
      pending.push(settled);
    },
    async settle() {
      await Promise.allSettled(pending);
      if (failure) throw failure.error;
    },
    failure: () => failure,
  };
}

function onTransaction(tx: Tx): Backend {
  const t = tracker();
  // Prisma runs a transaction's statements one at a time: chain them so a write not awaited keeps its place.
  let chain: Promise<unknown> = Promise.resolve();
  const run = <T>(text: string, params: unknown[]): Promise<T[]> => {
    const result = chain.then(() => tx.$queryRawUnsafe<T[]>(text, ...params));
    chain = result.catch(() => undefined);
    return result;
  };
  return {
    sql: {
      query: (text, params = []) => run(text, params),
      write: (text, params = [], translate) => t.track(run(text, params), translate),
    },
    finish: () => t.settle(),
    async abort() {
      await chain;
    },
    committing: () => false,
    track: (promise) => t.track(promise),
  };
}

function onConnection(conn: pg.PoolClient): Backend & { failure(): { error: unknown } | null } {
  const t = tracker();
  let begun = false;
  let commitSent = false;
  const flight = corker(conn);
  const send = <T>(text: string, params: unknown[]): Promise<T[]> => {
    if (commitSent) throw new Error("unitOfWork: a statement after the unit finished");
    flight();
    if (!begun) {
      begun = true;
      // Pipeline mode: BEGIN goes out with the first statement, in the same round trip.
      t.track(conn.query("BEGIN"));
    }
    return conn.query(named(text, params)).then((r) => r.rows as T[]);
  };
  return {
    sql: {
      query: (text, params = []) => send(text, params),
      write: (text, params = [], translate) => t.track(send(text, params), translate),
    },
    async finish() {
      if (!begun) return;
      commitSent = true;
      flight();
      const commit = conn.query("COMMIT");
      t.track(commit);
      await t.settle();
      // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK, not an error.
      if ((await commit).command === "ROLLBACK") throw new Error("unitOfWork: the transaction was rolled back");
    },
    async abort() {
      if (begun) await conn.query("ROLLBACK");
    },
    committing: () => commitSent,
    track: (promise) => t.track(promise),
    failure: t.failure,
  };
}

/** Commits (statements an `afterCommit` waits for go out before COMMIT, and their failure is the unit's), then answers. */
async function finishWith<T>(backend: Backend, result: T): Promise<UnitResult<T>> {
  if (!isAfterCommit(result)) {
    await backend.finish();
    return result as UnitResult<T>;
  }
  const { pending, build } = result[AFTER_COMMIT];
  for (const promise of pending) backend.track(promise);
  await backend.finish();
  return (await build()) as UnitResult<T>;
}

const MAX_ATTEMPTS = 3;

/**
 * The back end of a unit of exactly one statement: PostgreSQL runs a lone statement atomically, so it goes out
 * by itself, with no BEGIN or COMMIT around it — one round trip, the connection held for
 * PostgreSQL's work only. A second statement is a programming error (use unitOfWork).
 */
function onLoneStatement(conn: pg.PoolClient): Backend & { failure(): { error: unknown } | null } {
  const t = tracker();
  let sent = false;
  const send = <T>(text: string, params: unknown[]): Promise<T[]> => {
    if (sent) throw new Error("unitOfOneStatement: a second statement (a unit of several statements is unitOfWork)");
    sent = true;
    return conn.query(named(text, params)).then((r) => r.rows as T[]);
  };
  return {
    sql: {
      query: (text, params = []) => send(text, params),
      write: (text, params = [], translate) => t.track(send(text, params), translate),
    },
    finish: () => t.settle(),
    abort: async () => {},
    // Once the statement left, its outcome is unknown if the connection drops: not retried then.
    committing: () => sent,
    track: (promise) => t.track(promise),
    failure: t.failure,
  };
}

/**
 * Runs `fn` as one atomic unit: in the caller's transaction when given a Prisma transaction client, else in a
 * transaction of its own on the SQL pool, where BEGIN, the statements and COMMIT are pipelined (COMMIT leaves
 * as soon as `fn` resolves, so locks taken by the last statement are held for PostgreSQL's work only).
 *
 * On its own transaction a deadlock, a serialization failure or a connection lost before COMMIT was sent is
 * retried (everything rolled back first, so `fn` runs again from scratch); a connection lost after COMMIT
 * left is not, since the outcome is unknown — callers make such a retry safe with idempotency keys.
 */
export async function unitOfWork<T>(client: DbOrTx, fn: (sql: Sql) => Promise<T>): Promise<UnitResult<T>> {
  return runUnit(client, fn, "transaction");
}

/**
 * unitOfWork for a unit that is one statement (a ledger post, hold, capture or release): the same interface
 * and retry rules, but on the pool the statement runs alone (PostgreSQL makes one statement atomic), saving
 * BEGIN, COMMIT and a round trip. In a caller's transaction it joins it like any unit.
 */
export async function unitOfOneStatement<T>(client: DbOrTx, fn: (sql: Sql) => Promise<T>): Promise<UnitResult<T>> {
  return runUnit(client, fn, "lone");
}

async function runUnit<T>(client: DbOrTx, fn: (sql: Sql) => Promise<T>, shape: "transaction" | "lone"): Promise<UnitResult<T>> {
  const pool = sqlPoolOf(client);
  if (!pool) {
    // A transaction client (no pool of its own): statements join the caller's transaction.
    const backend = onTransaction(client);
    let result: T;
    try {
      result = await fn(backend.sql);
    } catch (error) {
      await backend.abort();
      await backend.finish();
      throw error;
    }
    return finishWith(backend, result);
  }
  for (let attempt = 1; ; attempt++) {
    let conn: pg.PoolClient | null = null;
    let backend: ReturnType<typeof onConnection> | null = null;
    try {
      conn = await pool.connect();
      backend = shape === "lone" ? onLoneStatement(conn) : onConnection(conn);
      const answer = await finishWith(backend, await fn(backend.sql));
      conn.release();
      return answer;
    } catch (thrown) {
      // A write's own failure explains better than the "transaction is aborted" a later statement met.
      const error = backend?.failure()?.error ?? thrown;
      let broken: Error | undefined;
      if (conn && backend) {
        await backend.abort().catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
      }
      conn?.release(broken ?? (isDatabaseUnavailable(error) ? new Error("connection lost") : undefined));
      const retry = attempt < MAX_ATTEMPTS && (isRetryableConflict(error) || (isDatabaseUnavailable(error) && !backend?.committing()));
      if (!retry) throw error;
      await sleep(25 * 2 ** attempt);
    }
  }
}
