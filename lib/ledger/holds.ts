import type { DbOrTx } from "@/lib/db/client";
import type { Currency, LedgerTransactionKind } from "@/lib/db/generated/enums";
import { unitOfOneStatement, type Sql } from "@/lib/db/unit-of-work";
import { LedgerError, translateLedgerError } from "./errors";
import type { AccountRef, Json } from "./types";

export type Hold = { id: bigint; memberId: string; currency: Currency; amount: bigint; captured: bigint; released: bigint; status: "OPEN" | "CAPTURED" | "RELEASED" };

type HoldRow = { id: string; member_id: string; currency: Currency; amount: string; captured: string; released: string; status: Hold["status"] };

const HOLD_COLUMNS = `id::text, member_id, currency, amount::text, captured::text, released::text, status`;

function holdOf(row: HoldRow | undefined): Hold {
  if (!row) throw new Error("ledger hold function returned no row");
  return { id: BigInt(row.id), memberId: row.member_id, currency: row.currency, amount: BigInt(row.amount), captured: BigInt(row.captured), released: BigInt(row.released), status: row.status };
}

async function one(sql: Sql, text: string, params: unknown[]): Promise<Hold> {
  try {
    return holdOf((await sql.query<HoldRow>(text, params))[0]);
  } catch (error) {
    translateLedgerError(error);
  }
}

type HoldInput = {
  idempotencyKey: string;
  memberId: string;
  currency: Currency;
  amount: bigint;
  /** Hold what is available, up to `amount`, instead of refusing less (still INSUFFICIENT_FUNDS at zero). */
  partial?: boolean;
  reference?: { type: string; id: string };
  metadata?: { [key: string]: Json };
};
type CaptureInput = { holdId: bigint; idempotencyKey: string; to: AccountRef; amount?: bigint; kind?: Extract<LedgerTransactionKind, "REDEEM_CAPTURE" | "WITHDRAW">; metadata?: { [key: string]: Json } };
type ReleaseInput = { holdId: bigint; idempotencyKey: string; metadata?: { [key: string]: Json } };

/**
 * Reserves `amount` of a member's available balance (available → held), in one statement. Fails with
 * INSUFFICIENT_FUNDS, atomically, when the available balance is lower — under any concurrency. A retry with
 * the same key returns the hold it made.
 */
export async function hold(db: DbOrTx, input: HoldInput): Promise<Hold> {
  return unitOfOneStatement(db, (sql) => holdWith(sql, input));
}

/** hold, as a statement of the caller's unit of work. */
export async function holdWith(sql: Sql, input: HoldInput): Promise<Hold> {
  if (input.amount <= 0n) throw new LedgerError("INVALID", "A hold must be for a positive amount.");
  if (!input.idempotencyKey || input.idempotencyKey.length > 200) throw new LedgerError("INVALID", "An idempotency key of 1 to 200 characters is required.");
  return one(sql, `SELECT ${HOLD_COLUMNS} FROM ledger_hold($1, $2, $3::"Currency", $4::bigint, $5, $6, $7::jsonb, $8::boolean)`, [
    input.idempotencyKey,
    input.memberId,
    input.currency,
    input.amount.toString(),
    input.reference?.type ?? null,
    input.reference?.id ?? null,
    JSON.stringify(input.metadata ?? {}),
    input.partial ?? false,
  ]);
}

const SETTLE_SQL = `SELECT ${HOLD_COLUMNS} FROM ledger_settle_hold($1::bigint, $2, $3::"LedgerTransactionKind", $4::bigint, $5, $6, $7, $8::"Currency", $9::jsonb)`;

/**
 * Captures `amount` (default: all of it) of an open hold into `to`, and returns the rest to the member's
 * available balance in the same transaction; the hold is then closed. A retry with the same key is a no-op.
 */
export async function capture(db: DbOrTx, input: CaptureInput): Promise<Hold> {
  return unitOfOneStatement(db, (sql) => captureWith(sql, input));
}

/** capture, as a statement of the caller's unit of work. */
export async function captureWith(sql: Sql, input: CaptureInput): Promise<Hold> {
  if (input.amount !== undefined && input.amount <= 0n) throw new LedgerError("INVALID", "A capture must be for a positive amount.");
  return one(sql, SETTLE_SQL, [
    input.holdId.toString(),
    input.idempotencyKey,
    input.kind ?? "REDEEM_CAPTURE",
    input.amount?.toString() ?? null,
    input.to.ownerType,
    input.to.ownerId,
    input.to.kind,
    input.to.currency,
    JSON.stringify(input.metadata ?? {}),
  ]);
}

/** Returns everything still held to the member's available balance and closes the hold. */
export async function release(db: DbOrTx, input: ReleaseInput): Promise<Hold> {
  return unitOfOneStatement(db, (sql) => releaseWith(sql, input));
}

/** release, as a statement of the caller's unit of work. */
export async function releaseWith(sql: Sql, input: ReleaseInput): Promise<Hold> {
  return one(sql, SETTLE_SQL, [input.holdId.toString(), input.idempotencyKey, "REDEEM_RELEASE", null, null, null, null, null, JSON.stringify(input.metadata ?? {})]);
}
