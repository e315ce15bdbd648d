import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork } from "@/lib/db/unit-of-work";
import type { Currency, LedgerAccountKind, LedgerOwnerType, LedgerTransactionKind } from "@/lib/db/generated/enums";
import { LedgerError } from "./errors";
import { postWith } from "./post";
import type { Posted } from "./types";

const HOLD_KINDS = new Set(["REDEEM_HOLD", "REDEEM_CAPTURE", "REDEEM_RELEASE", "WITHDRAW"]);

/**
 * Posts the exact opposite of a transaction, once: the database refuses a second reversal of the same
 * transaction; a retry with the same key returns the first. May fail with INSUFFICIENT_FUNDS when the money
 * has already moved on (callers that must recover "what is left" decide how much to take instead).
 */
export async function reverse(db: DbOrTx, transactionId: bigint, reason: string, opts: { idempotencyKey?: string } = {}): Promise<Posted> {
  return unitOfWork(db, async (sql) => {
    const entries = await sql.query<{ kind: LedgerTransactionKind; reference_type: string | null; reference_id: string | null; amount: string; owner_type: LedgerOwnerType; owner_id: string; account_kind: LedgerAccountKind; currency: Currency }>(
      `SELECT t.kind, t.reference_type, t.reference_id, e.amount::text, a.owner_type, a.owner_id, a.kind AS account_kind, a.currency
         FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id JOIN ledger_accounts a ON a.id = e.account_id
        WHERE t.id = $1::bigint ORDER BY e.id`,
      [transactionId.toString()],
    );
    const original = entries[0];
    if (!original) throw new LedgerError("NOT_FOUND", `Ledger transaction ${transactionId} does not exist.`);
    // Hold movements are undone through their hold (release), which keeps the hold row and the held balance in step.
    if (HOLD_KINDS.has(original.kind)) throw new LedgerError("INVALID", "Hold transactions are undone by releasing the hold, not by reversal.");
    return postWith(
      sql,
      {
        idempotencyKey: opts.idempotencyKey ?? `reverse:${transactionId}`,
        kind: "REVERSE",
        reference: original.reference_type && original.reference_id ? { type: original.reference_type, id: original.reference_id } : undefined,
        metadata: { reason, reverses: transactionId.toString() },
        entries: entries.map((e) => ({ account: { ownerType: e.owner_type, ownerId: e.owner_id, kind: e.account_kind, currency: e.currency }, amount: -BigInt(e.amount) })),
      },
      { reversesId: transactionId },
    );
  });
}
