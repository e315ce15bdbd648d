import { pgErrorOf } from "@/lib/db/errors";
import { DomainError, type ErrorCode } from "@/lib/errors";

export { pgErrorOf };

export type LedgerErrorReason =
  | "INSUFFICIENT_FUNDS"
  | "IDEMPOTENCY_CONFLICT"
  | "UNBALANCED"
  | "INVALID"
  | "CURRENCY_MISMATCH"
  | "ALREADY_REVERSED"
  | "NOT_FOUND"
  | "APPEND_ONLY";

const CODE: Record<LedgerErrorReason, ErrorCode> = {
  INSUFFICIENT_FUNDS: "CONFLICT",
  IDEMPOTENCY_CONFLICT: "CONFLICT",
  UNBALANCED: "VALIDATION",
  INVALID: "VALIDATION",
  CURRENCY_MISMATCH: "VALIDATION",
  ALREADY_REVERSED: "CONFLICT",
  NOT_FOUND: "NOT_FOUND",
  APPEND_ONLY: "CONFLICT",
};

export class LedgerError extends DomainError {
  readonly reason: LedgerErrorReason;
  constructor(reason: LedgerErrorReason, message: string) {
    super(CODE[reason], message);
    this.name = "LedgerError";
    this.reason = reason;
  }
}

/** Translates the database's refusals into LedgerErrors; anything else is rethrown as is. */
export function translateLedgerError(error: unknown): never {
  const pg = pgErrorOf(error);
  if (pg) {
    if (pg.code === "BL001") throw new LedgerError("IDEMPOTENCY_CONFLICT", "This idempotency key was already used for a different transaction.");
    if (pg.code === "BL101") throw new LedgerError("UNBALANCED", "Entries must sum to zero per currency.");
    if (pg.code === "BL102") throw new LedgerError("CURRENCY_MISMATCH", "An entry's currency does not match its account.");
    if (pg.code === "BL100") throw new LedgerError("APPEND_ONLY", "Ledger rows cannot be changed or deleted.");
    if (pg.code === "BL103" || pg.code === "BL104") throw new LedgerError("INVALID", pg.message.replace(/^.*ERROR:\s*/, ""));
    if (pg.code === "BL404") throw new LedgerError("NOT_FOUND", pg.message.replace(/^.*ERROR:\s*/, ""));
    if (pg.code === "23514" && (pg.constraint === "ledger_accounts_non_negative" || pg.message.includes("ledger_accounts_non_negative"))) {
      throw new LedgerError("INSUFFICIENT_FUNDS", "The balance is too low for this operation.");
    }
    if (pg.code === "23505" && (pg.constraint?.includes("reverses_id") || pg.message.includes("reverses_id"))) {
      throw new LedgerError("ALREADY_REVERSED", "This transaction has already been reversed.");
    }
  }
  throw error;
}
