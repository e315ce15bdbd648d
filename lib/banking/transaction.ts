import { db as rootDb, type Db, type DbOrTx, type Tx } from "@/lib/db/client";

/**
 * Runs `fn` in a database transaction (the caller's, when given one). Unlike inTransaction it also opens one
 * for the process-wide `db`: that client is a Proxy, and `"$transaction" in db` is false on it.
 */
export function runInTransaction<T>(client: DbOrTx, fn: (tx: Tx) => Promise<T>, opts: { timeout?: number } = {}): Promise<T> {
  if (client === rootDb || "$transaction" in client) return (client as Db).$transaction(fn, { timeout: opts.timeout ?? 15_000, maxWait: 10_000 });
  return fn(client);
}
