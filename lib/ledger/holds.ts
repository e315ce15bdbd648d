import { inTransaction, type DbOrTx, type Tx } from "@/lib/db/client";
import type { Currency, LedgerTransactionKind } from "@/lib/db/generated/enums";
import { LedgerError } from "./errors";
import { post } from "./post";
import { memberAccount, type AccountRef, type Json } from "./types";

export type Hold = { id: bigint; memberId: string; currency: Currency; amount: bigint; captured: bigint; released: bigint; status: "OPEN" | "CAPTURED" | "RELEASED" };

const HOLD_SELECT = { id: true, memberId: true, currency: true, amount: true, captured: true, released: true, status: true } as const;

/**
 * Reserves `amount` of a member's available balance (available → held). Fails with INSUFFICIENT_FUNDS,
 * atomically, when the available balance is lower — under any concurrency.
 */
export async function hold(
  db: DbOrTx,
  input: { idempotencyKey: string; memberId: string; currency: Currency; amount: bigint; reference?: { type: string; id: string }; metadata?: { [key: string]: Json } },
): Promise<Hold> {
  if (input.amount <= 0n) throw new LedgerError("INVALID", "A hold must be for a positive amount.");
  return inTransaction(db, async (tx) => {
    const posted = await post(tx, {
      idempotencyKey: input.idempotencyKey,
      kind: "REDEEM_HOLD",
      reference: input.reference,
      metadata: input.metadata,
      entries: [
        { account: memberAccount(input.memberId, "MEMBER_AVAILABLE", input.currency), amount: -input.amount },
        { account: memberAccount(input.memberId, "MEMBER_HELD", input.currency), amount: input.amount },
      ],
    });
    if (!posted.created) return tx.ledgerHold.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey }, select: HOLD_SELECT });
    return tx.ledgerHold.create({
      data: {
        idempotencyKey: input.idempotencyKey,
        memberId: input.memberId,
        currency: input.currency,
        amount: input.amount,
        referenceType: input.reference?.type,
        referenceId: input.reference?.id,
        holdTransactionId: posted.transactionId,
      },
      select: HOLD_SELECT,
    });
  });
}

/**
 * Runs `settle` on an open hold under its row lock, so concurrent captures and releases of one hold
 * serialise. A retry of a settlement that already happened (same key) returns the hold as it is.
 */
async function settleHold(db: DbOrTx, holdId: bigint, idempotencyKey: string, settle: (tx: Tx, h: Hold, open: bigint) => Promise<Hold>): Promise<Hold> {
  return inTransaction(db, async (tx) => {
    const locked = await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM ledger_holds WHERE id = ${holdId} FOR UPDATE`;
    if (locked.length === 0) throw new LedgerError("NOT_FOUND", `Hold ${holdId} does not exist.`);
    const h = await tx.ledgerHold.findUniqueOrThrow({ where: { id: holdId }, select: HOLD_SELECT });
    const already = await tx.ledgerTransaction.findUnique({ where: { idempotencyKey }, select: { referenceType: true, referenceId: true } });
    if (already) {
      // A retry of this hold's settlement is answered; a key used for anything else is a caller's bug.
      if (already.referenceType === "hold" && already.referenceId === h.id.toString()) return h;
      throw new LedgerError("IDEMPOTENCY_CONFLICT", "This idempotency key was already used for a different transaction.");
    }
    if (h.status !== "OPEN") throw new LedgerError("INVALID", `Hold ${h.id} is already ${h.status.toLowerCase()}.`);
    return settle(tx, h, h.amount - h.captured - h.released);
  });
}

/**
 * Captures `amount` (default: all of it) of an open hold into `to`, and returns the rest to the member's
 * available balance in the same transaction; the hold is then closed. A retry with the same key is a no-op.
 */
export async function capture(
  db: DbOrTx,
  input: { holdId: bigint; idempotencyKey: string; to: AccountRef; amount?: bigint; kind?: Extract<LedgerTransactionKind, "REDEEM_CAPTURE" | "WITHDRAW">; metadata?: { [key: string]: Json } },
): Promise<Hold> {
  return settleHold(db, input.holdId, input.idempotencyKey, async (tx, h, open) => {
    const amount = input.amount ?? open;
    if (amount <= 0n || amount > open) throw new LedgerError("INVALID", `A capture must be between 1 and ${open} minor units.`);
    if (input.to.currency !== h.currency) throw new LedgerError("CURRENCY_MISMATCH", "The capture destination is in another currency.");
    const rest = open - amount;
    await post(tx, {
      idempotencyKey: input.idempotencyKey,
      kind: input.kind ?? "REDEEM_CAPTURE",
      reference: { type: "hold", id: h.id.toString() },
      metadata: input.metadata,
      entries: [
        { account: memberAccount(h.memberId, "MEMBER_HELD", h.currency), amount: -open },
        { account: input.to, amount },
        ...(rest > 0n ? [{ account: memberAccount(h.memberId, "MEMBER_AVAILABLE", h.currency), amount: rest }] : []),
      ],
    });
    return tx.ledgerHold.update({ where: { id: h.id }, data: { captured: h.captured + amount, released: h.released + rest, status: "CAPTURED" }, select: HOLD_SELECT });
  });
}

/** Returns everything still held to the member's available balance and closes the hold. */
export async function release(db: DbOrTx, input: { holdId: bigint; idempotencyKey: string; metadata?: { [key: string]: Json } }): Promise<Hold> {
  return settleHold(db, input.holdId, input.idempotencyKey, async (tx, h, open) => {
    await post(tx, {
      idempotencyKey: input.idempotencyKey,
      kind: "REDEEM_RELEASE",
      reference: { type: "hold", id: h.id.toString() },
      metadata: input.metadata,
      entries: [
        { account: memberAccount(h.memberId, "MEMBER_HELD", h.currency), amount: -open },
        { account: memberAccount(h.memberId, "MEMBER_AVAILABLE", h.currency), amount: open },
      ],
    });
    return tx.ledgerHold.update({ where: { id: h.id }, data: { released: h.released + open, status: "RELEASED" }, select: HOLD_SELECT });
  });
}
