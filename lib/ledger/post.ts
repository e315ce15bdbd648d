import { createHash } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfOneStatement, type Sql } from "@/lib/db/unit-of-work";
import { LedgerError, translateLedgerError } from "./errors";
import type { EntryInput, PostInput, Posted } from "./types";

const MAX_ENTRIES = 100;
// Amounts live in BIGINT columns; refuse what PostgreSQL would overflow on instead of failing late.
const MAX_AMOUNT = 2n ** 62n;

function accountKey(e: EntryInput): string {
  return `${e.account.ownerType}|${e.account.ownerId}|${e.account.kind}|${e.account.currency}`;
}

function validate(input: PostInput): void {
  if (!input.idempotencyKey || input.idempotencyKey.length > 200) throw new LedgerError("INVALID", "An idempotency key of 1 to 200 characters is required.");
  if (input.entries.length < 2 || input.entries.length > MAX_ENTRIES) throw new LedgerError("INVALID", `A transaction has 2 to ${MAX_ENTRIES} entries.`);
  const sums = new Map<string, bigint>();
  const accounts = new Set<string>();
  for (const entry of input.entries) {
    if (typeof entry.amount !== "bigint") throw new LedgerError("INVALID", "Amounts are BigInt minor units.");
    if (entry.amount === 0n) throw new LedgerError("INVALID", "An entry cannot be zero.");
    if (entry.amount > MAX_AMOUNT || entry.amount < -MAX_AMOUNT) throw new LedgerError("INVALID", "An entry amount is out of range.");
    if (!entry.account.ownerId) throw new LedgerError("INVALID", "Every account needs an owner id.");
    const key = accountKey(entry);
    if (accounts.has(key)) throw new LedgerError("INVALID", "An account may appear only once in a transaction.");
    accounts.add(key);
    sums.set(entry.account.currency, (sums.get(entry.account.currency) ?? 0n) + entry.amount);
  }
  for (const [currency, sum] of sums) if (sum !== 0n) throw new LedgerError("UNBALANCED", `Entries in ${currency} sum to ${sum}, not zero.`);
}

/** What makes two posts "the same": kind, reference, reversal target and entries (in any order). Not metadata. */
export function requestHash(input: PostInput, reversesId?: bigint): string {
  const entries = input.entries.map((e) => [accountKey(e), e.amount.toString()]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  const canonical = JSON.stringify([input.kind, input.reference?.type ?? null, input.reference?.id ?? null, reversesId?.toString() ?? null, entries]);
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * Posts a balanced transaction atomically, in one round trip. Idempotent: the same key with the same
 * content returns the original transaction (`created: false`); with different content it throws
 * IDEMPOTENCY_CONFLICT. Pass a transaction client to commit together with the caller's own rows.
 */
export async function post(db: DbOrTx, input: PostInput, opts: { reversesId?: bigint } = {}): Promise<Posted> {
  return unitOfOneStatement(db, (sql) => postWith(sql, input, opts));
}

/** post, as a statement of a unit of work the caller holds. */
export async function postWith(sql: Sql, input: PostInput, opts: { reversesId?: bigint } = {}): Promise<Posted> {
  const call = ledgerPostCall(input, opts);
  try {
    const rows = await sql.query<{ transaction_id: string; created: boolean }>(`SELECT transaction_id::text, created FROM ${call.sql}`, call.params);
    const row = rows[0];
    if (!row) throw new Error("ledger_post returned no row");
    return { transactionId: BigInt(row.transaction_id), created: row.created };
  } catch (error) {
    translateLedgerError(error);
  }
}

/**
 * The validated `ledger_post(…)` call for `input`, with its parameters numbered from `firstParam`, for callers
 * that post inside a larger statement of their own (and must pass errors through translateLedgerError).
 * It returns (transaction_id bigint, created boolean).
 */
export function ledgerPostCall(input: PostInput, opts: { reversesId?: bigint } = {}, firstParam = 1): { sql: string; params: unknown[] } {
  validate(input);
  const e = input.entries;
  const params = [
    input.idempotencyKey,
    input.kind,
    input.reference?.type ?? null,
    input.reference?.id ?? null,
    JSON.stringify(input.metadata ?? {}),
    requestHash(input, opts.reversesId),
    opts.reversesId?.toString() ?? null,
    input.effectiveAt ?? null,
    e.map((x) => x.account.ownerType),
    e.map((x) => x.account.ownerId),
    e.map((x) => x.account.kind),
    e.map((x) => x.account.currency),
    e.map((x) => x.amount.toString()),
  ];
  const casts = ["", '::"LedgerTransactionKind"', "", "", "::jsonb", "", "::bigint", "::timestamptz", "::text[]", "::text[]", "::text[]", "::text[]", "::bigint[]"];
  return { sql: `ledger_post(${casts.map((cast, i) => `$${firstParam + i}${cast}`).join(", ")})`, params };
}

