import type { DbOrTx } from "@/lib/db/client";
import { LedgerError } from "./errors";
import { post } from "./post";
import type { Posted } from "./types";

const HOLD_KINDS = new Set(["REDEEM_HOLD", "REDEEM_CAPTURE", "REDEEM_RELEASE", "WITHDRAW"]);

/**
 * Posts the exact opposite of a transaction, once: the database refuses a second reversal of the same
 * transaction; a retry with the same key returns the first. May fail with INSUFFICIENT_FUNDS when the money
 * has already moved on (callers that must recover "what is left" decide how much to take instead).
 */
export async function reverse(db: DbOrTx, transactionId: bigint, reason: string, opts: { idempotencyKey?: string } = {}): Promise<Posted> {
  const original = await db.ledgerTransaction.findUnique({
    where: { id: transactionId },
    select: {
      id: true,
      kind: true,
      referenceType: true,
      referenceId: true,
      entries: { select: { amount: true, account: { select: { ownerType: true, ownerId: true, kind: true, currency: true } } } },
    },
  });
  if (!original) throw new LedgerError("NOT_FOUND", `Ledger transaction ${transactionId} does not exist.`);
  // Hold movements are undone through their hold (release), which keeps the hold row and the held balance in step.
  if (HOLD_KINDS.has(original.kind)) throw new LedgerError("INVALID", "Hold transactions are undone by releasing the hold, not by reversal.");
  return post(
    db,
    {
      idempotencyKey: opts.idempotencyKey ?? `reverse:${original.id}`,
      kind: "REVERSE",
      reference: original.referenceType && original.referenceId ? { type: original.referenceType, id: original.referenceId } : undefined,
      metadata: { reason, reverses: original.id.toString() },
      entries: original.entries.map((e) => ({ account: e.account, amount: -e.amount })),
    },
    { reversesId: original.id },
  );
}
