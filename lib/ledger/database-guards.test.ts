import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { markLedgerCorruptedOnPurpose } from "@/tests/support/ledger-reconcile";
import { balance, hold, memberAccount, post, providerAccount, reconcile, type AccountRef, type Discrepancy } from "@/lib/ledger";
import { aMember, aProgram } from "@/tests/support/programs";

const exec = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const runCli = (...args: string[]) => exec(process.execPath, ["scripts/launch.mjs", "boomerang", ...args], { cwd: repoRoot, env: { ...process.env } });

/**
 * These tests bypass lib/ledger and talk SQL to the database directly, as a buggy script or a careless
 * operator would: the database itself must refuse anything that breaks the ledger's invariants.
 */
let client: pg.Client;

// A real business and member, so the CLI's funding checks (each provider's liability against what its members
// hold) see a healthy ledger before the corruption.
let memberId = "";
let providerId = "";
let available: AccountRef;
let liability: AccountRef;

let availableId: bigint;
let liabilityId: bigint;
let transactionId: bigint;

async function sqlStateOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return code;
    throw error;
  }
  throw new Error("expected the database to refuse the statement, but it succeeded");
}

/** Runs `statements` in one database transaction on the raw connection; always leaves the connection usable. */
async function inSqlTransaction(statements: (c: pg.Client) => Promise<unknown>): Promise<void> {
  await client.query("BEGIN");
  try {
    await statements(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

async function insertTransactionRow(c: pg.Client, key = `direct:${randomUUID()}`): Promise<string> {
  const { rows } = await c.query<{ id: string }>(
    `INSERT INTO ledger_transactions (idempotency_key, kind, request_hash) VALUES ($1, 'ADJUSTMENT', 'direct-sql') RETURNING id::text`,
    [key],
  );
  return rows[0]!.id;
}

async function counts(): Promise<{ transactions: number; entries: number; accounts: number; holds: number }> {
  const { rows } = await client.query<{ transactions: number; entries: number; accounts: number; holds: number }>(
    `SELECT (SELECT count(*) FROM ledger_transactions)::int AS transactions, (SELECT count(*) FROM ledger_entries)::int AS entries,
            (SELECT count(*) FROM ledger_accounts)::int AS accounts, (SELECT count(*) FROM ledger_holds)::int AS holds`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  const program = await aProgram();
  providerId = program.providerId;
  memberId = (await aMember(program.programId)).memberId;
  available = memberAccount(memberId, "MEMBER_AVAILABLE", "EUR");
  liability = providerAccount(providerId, "PROVIDER_LIABILITY", "EUR");
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const posted = await post(db, {
    idempotencyKey: `guards:${memberId}:earn`,
    kind: "EARN",
    entries: [
      { account: liability, amount: -1000n },
      { account: available, amount: 1000n },
    ],
  });
  transactionId = posted.transactionId;
  await hold(db, { idempotencyKey: `guards:${memberId}:hold`, memberId, currency: "EUR", amount: 100n });
  const accounts = await db.ledgerAccount.findMany({ where: { ownerId: { in: [memberId, providerId] } } });
  availableId = accounts.find((a) => a.kind === "MEMBER_AVAILABLE")!.id;
  liabilityId = accounts.find((a) => a.kind === "PROVIDER_LIABILITY")!.id;
});

afterAll(async () => {
  await client?.end();
});

describe("append-only ledger rows", () => {
  it("refuses UPDATE and DELETE of transactions and entries", async () => {
    const before = await counts();
    expect(await sqlStateOf(client.query(`UPDATE ledger_transactions SET metadata = '{"edited":true}' WHERE id = $1`, [transactionId]))).toBe("BL100");
    expect(await sqlStateOf(client.query(`UPDATE ledger_transactions SET kind = 'FEE'`))).toBe("BL100");
    expect(await sqlStateOf(client.query(`DELETE FROM ledger_transactions WHERE id = $1`, [transactionId]))).toBe("BL100");
    expect(await sqlStateOf(client.query(`UPDATE ledger_entries SET amount = amount * 2 WHERE transaction_id = $1`, [transactionId]))).toBe("BL100");
    expect(await sqlStateOf(client.query(`UPDATE ledger_entries SET balance_after = 0`))).toBe("BL100");
    expect(await sqlStateOf(client.query(`DELETE FROM ledger_entries WHERE transaction_id = $1`, [transactionId]))).toBe("BL100");
    expect(await sqlStateOf(client.query(`DELETE FROM ledger_accounts WHERE id = $1`, [availableId]))).toBe("BL100");
    expect(await sqlStateOf(client.query(`DELETE FROM ledger_holds`))).toBe("BL100");
    // Through Prisma too, translated or not, it fails.
    await expect(db.ledgerEntry.deleteMany({})).rejects.toThrow();
    await expect(db.ledgerTransaction.update({ where: { id: transactionId }, data: { kind: "FEE" } })).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });

  it("refuses TRUNCATE", async () => {
    const before = await counts();
    for (const sql of [
      `TRUNCATE ledger_entries`,
      `TRUNCATE ledger_entries, ledger_transactions`,
      `TRUNCATE ledger_transactions CASCADE`,
      `TRUNCATE ledger_accounts CASCADE`,
      `TRUNCATE ledger_holds`,
    ]) {
      expect(await sqlStateOf(client.query(sql)), sql).toBe("BL100");
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses UPDATE of an account's balance or identity", async () => {
    expect(await sqlStateOf(client.query(`UPDATE ledger_accounts SET balance = balance + 100 WHERE id = $1`, [availableId]))).toBe("BL100");
    expect(await sqlStateOf(client.query(`UPDATE ledger_accounts SET balance = 0`))).toBe("BL100");
    expect(await sqlStateOf(client.query(`UPDATE ledger_accounts SET owner_id = 'someone-else' WHERE id = $1`, [availableId]))).toBe("BL100");
    await expect(db.ledgerAccount.update({ where: { id: availableId }, data: { balance: 1_000_000n } })).rejects.toThrow();
    expect(await balance(db, available)).toBe(900n);
  });
});

describe("entries inserted directly", () => {
  it("are applied to the cached balance when balanced (the guards do not refuse everything)", async () => {
    let txId = "";
    await inSqlTransaction(async (c) => {
      txId = await insertTransactionRow(c);
      await c.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, -5, 'EUR', 0), ($1, $3, 5, 'EUR', 0)`, [
        txId,
        availableId,
        liabilityId,
      ]);
    });
    expect(await balance(db, available)).toBe(895n);
    const { rows } = await client.query<{ balance_after: string }>(`SELECT balance_after::text FROM ledger_entries WHERE transaction_id = $1 AND account_id = $2`, [
      txId,
      availableId,
    ]);
    expect(rows).toEqual([{ balance_after: "895" }]);
  });

  it("refuses an unbalanced INSERT of entries", async () => {
    const before = await counts();
    const state = await sqlStateOf(
      inSqlTransaction(async (c) => {
        const txId = await insertTransactionRow(c);
        await c.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, 100, 'EUR', 0), ($1, $3, -50, 'EUR', 0)`, [
          txId,
          availableId,
          liabilityId,
        ]);
      }),
    );
    expect(state).toBe("BL101");
    // One entry per statement is unbalanced after the first statement already.
    const single = await sqlStateOf(
      inSqlTransaction(async (c) => {
        const txId = await insertTransactionRow(c);
        await c.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, 7, 'EUR', 0)`, [txId, availableId]);
        await c.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, -7, 'EUR', 0)`, [txId, liabilityId]);
      }),
    );
    expect(single).toBe("BL101");
    expect(await counts()).toEqual(before);
    expect(await balance(db, available)).toBe(895n);
  });

  it("refuses adding entries to an existing, already balanced transaction", async () => {
    const state = await sqlStateOf(
      client.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, 3, 'EUR', 0)`, [transactionId, availableId]),
    );
    expect(state).toBe("BL101");
  });

  it("refuses an entry whose currency differs from its account's", async () => {
    const usd = await db.ledgerAccount.create({ data: { ownerType: "MEMBER", ownerId: memberId, kind: "MEMBER_PENDING", currency: "USD" } });
    const state = await sqlStateOf(
      inSqlTransaction(async (c) => {
        const txId = await insertTransactionRow(c);
        await c.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, -5, 'EUR', 0), ($1, $3, 5, 'EUR', 0)`, [
          txId,
          liabilityId,
          usd.id,
        ]);
      }),
    );
    expect(state).toBe("BL102");
  });

  it("refuses a transaction row with no entries at commit", async () => {
    const before = await counts();
    expect(await sqlStateOf(inSqlTransaction((c) => insertTransactionRow(c)))).toBe("BL101");
    // Autocommit: the statement's own commit runs the deferred check.
    expect(await sqlStateOf(insertTransactionRow(client))).toBe("BL101");
    expect(await counts()).toEqual(before);
  });

  it("refuses a negative MEMBER_AVAILABLE balance even through direct, balanced inserts", async () => {
    const before = await counts();
    const state = await sqlStateOf(
      inSqlTransaction(async (c) => {
        const txId = await insertTransactionRow(c);
        await c.query(
          `INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, -896, 'EUR', 0), ($1, $3, 896, 'EUR', 0)`,
          [txId, availableId, liabilityId],
        );
      }),
    );
    expect(state).toBe("23514");
    expect(await counts()).toEqual(before);
    expect(await balance(db, available)).toBe(895n);
  });

  // Otherwise an account row could be born with a balance no entry explains.
  it("refuses creating an account with a non-zero balance", async () => {
    // Always rolled back, so a missing guard cannot leave a corrupt row behind for the reconcile below.
    await client.query("BEGIN");
    try {
      const state = await sqlStateOf(
        client.query(`INSERT INTO ledger_accounts (owner_type, owner_id, kind, currency, balance) VALUES ('MEMBER', $1, 'MEMBER_AVAILABLE', 'GBP', 1000000)`, [
          randomUUID(),
        ]),
      );
      expect(state).toBe("BL100");
    } finally {
      await client.query("ROLLBACK");
    }
  });
});

describe("reconcile", () => {
  it("is ok on a healthy ledger", async () => {
    const result = await reconcile(db);
    expect(result).toMatchObject({ ok: true, discrepancies: [] });
    expect(result.transactions).toBeGreaterThanOrEqual(2);
    expect(result.entries).toBeGreaterThanOrEqual(4);
    expect(result.accounts).toBeGreaterThanOrEqual(3);
  });

  it("reports every kind of corruption a superuser with triggers disabled can cause, and the CLI exits 1", async () => {
    // Healthy first: the CLI exits 0 (exec rejects on any other exit code).
    const { stdout } = await runCli("ledger:reconcile");
    expect(JSON.parse(stdout)).toMatchObject({ ok: true });

    markLedgerCorruptedOnPurpose();
    const heldId = (await db.ledgerAccount.findFirstOrThrow({ where: { ownerId: memberId, kind: "MEMBER_HELD" } })).id;
    let unbalancedTx = "";
    let thinTx = "";
    await inSqlTransaction(async (c) => {
      // Triggers (append-only, balance cache, balance checks, the deferred "two entries" check) are off for this session.
      await c.query(`SET LOCAL session_replication_role = replica`);
      // 1. A cached balance that no longer equals the sum of the account's entries.
      await c.query(`UPDATE ledger_accounts SET balance = balance + 7 WHERE id = $1`, [liabilityId]);
      // 2. An unbalanced transaction (and its account's cache, not maintained, disagrees too).
      unbalancedTx = await insertTransactionRow(c);
      await c.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, 11, 'EUR', 0), ($1, $3, -10, 'EUR', 0)`, [
        unbalancedTx,
        availableId,
        liabilityId,
      ]);
      // 3. A transaction with no entries.
      thinTx = await insertTransactionRow(c);
      // 4. An entry in another currency than its account's (USD into a EUR account; unbalanced in USD as well).
      await c.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after) VALUES ($1, $2, 3, 'USD', 0)`, [unbalancedTx, availableId]);
      // 5. A hold whose amount no longer matches the held balance.
      await c.query(`UPDATE ledger_holds SET amount = amount + 1 WHERE idempotency_key = $1`, [`guards:${memberId}:hold`]);
    });
    // 6. A negative MEMBER_AVAILABLE balance: the CHECK constraint is not a trigger, so it has to go first.
    await client.query(`ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_non_negative`);
    await inSqlTransaction(async (c) => {
      await c.query(`SET LOCAL session_replication_role = replica`);
      await c.query(`UPDATE ledger_accounts SET balance = -1 WHERE id = $1`, [heldId]);
    });

    const result = await reconcile(db);
    expect(result.ok).toBe(false);
    const found = (check: Discrepancy["check"]) => result.discrepancies.filter((d) => d.check === check);
    const accountIds = (check: Discrepancy["check"]) => found(check).map((d) => ("accountId" in d ? d.accountId : null));
    expect(found("unbalanced_transaction")).toContainEqual({ check: "unbalanced_transaction", transactionId: unbalancedTx, currency: "EUR", sum: "1" });
    expect(found("too_few_entries")).toContainEqual({ check: "too_few_entries", transactionId: thinTx, entries: 0 });
    expect(found("unbalanced_transaction")).toContainEqual({ check: "unbalanced_transaction", transactionId: unbalancedTx, currency: "USD", sum: "3" });
    expect(accountIds("cached_balance")).toEqual(expect.arrayContaining([String(liabilityId), String(availableId), String(heldId)]));
    expect(found("currency_mismatch")).toEqual([expect.objectContaining({ accountId: String(availableId) })]);
    expect(found("negative_balance")).toContainEqual({ check: "negative_balance", accountId: String(heldId), kind: "MEMBER_HELD", balance: "-1" });
    expect(accountIds("hold_mismatch")).toContain(String(heldId));

    const cli = await runCli("ledger:reconcile").then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(cli.code).toBe(1);
    const json = JSON.parse(cli.stdout) as { ok: boolean; discrepancies: unknown[]; exitCode: number };
    expect(json).toMatchObject({ ok: false, exitCode: 1 });
    // The CLI also runs the funding checks: the corrupted liability no longer matches what the members hold.
    expect(json.discrepancies).toEqual(JSON.parse(JSON.stringify((await reconcile(db, { funding: true })).discrepancies)));
    expect(json.discrepancies).toContainEqual(expect.objectContaining({ check: "provider_liability", providerId }));
  });
});
