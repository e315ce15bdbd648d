import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { ActorType, Currency, LedgerAccountKind, LedgerHoldStatus, LedgerTransactionKind } from "@/lib/db/generated/enums";
import type { RedemptionRow } from "./list-redemptions";

const REDEMPTION_ID = /^rdm_[A-Za-z0-9_-]{1,64}$/;

export type RedemptionMovement = {
  transactionId: bigint;
  kind: LedgerTransactionKind;
  createdAt: Date;
  /** The amount that moved (the sum of the transaction's positive entries). */
  amount: bigint;
  currency: Currency;
  entries: { account: LedgerAccountKind; amount: bigint }[];
};

export type RedemptionRefundView = { id: string; amount: bigint; reason: string | null; createdAt: Date; actor: { type: ActorType; id: string | null; label: string | null } };

/** A redemption as the list shows it, and everything behind it. */
export type RedemptionDetail = RedemptionRow & {
  programId: string;
  capturedAt: Date | null;
  canceledAt: Date | null;
  metadata: unknown;
  /** The API key that made it (API), or the cashier who rang it up (register). */
  apiKey: { id: string; name: string; prefix: string } | null;
  cashier: { id: string; name: string | null; email: string } | null;
  voucherCode: string | null;
  hold: { id: bigint; amount: bigint; captured: bigint; released: bigint; status: LedgerHoldStatus; createdAt: Date; updatedAt: Date } | null;
  movements: RedemptionMovement[];
  refunds: RedemptionRefundView[];
};

/**
 * One redemption of the provider's programs with everything its page shows: the ledger hold, every ledger
 * transaction it caused (the hold itself, the capture or release that settled it — referenced by the hold —
 * and each refund, referenced by the redemption) and its refunds. Null when the id is malformed or belongs to
 * another provider, so a guessed id reveals nothing.
 */
export async function getRedemptionDetail(db: DbOrTx, input: { providerId: string; redemptionId: string }): Promise<RedemptionDetail | null> {
  if (!REDEMPTION_ID.test(input.redemptionId)) return null;
  const r = await db.redemption.findFirst({
    where: { id: input.redemptionId, program: { providerId: input.providerId } },
    select: {
      id: true,
      programId: true,
      orderId: true,
      currency: true,
      amountRequested: true,
      amountHeld: true,
      amountCaptured: true,
      amountRefunded: true,
      status: true,
      source: true,
      holdId: true,
      expiresAt: true,
      capturedAt: true,
      canceledAt: true,
      createdAt: true,
      metadata: true,
      voucherId: true,
      apiKeyId: true,
      cashierUserId: true,
      member: { select: { id: true, code: true, user: { select: { name: true, email: true } } } },
      refunds: { orderBy: { createdAt: "asc" }, select: { id: true, amount: true, reason: true, createdAt: true, actorType: true, actorId: true } },
    },
  });
  if (!r) return null;

  const [hold, apiKey, cashier, voucher] = await Promise.all([
    db.ledgerHold.findUnique({
      where: { id: r.holdId },
      select: { id: true, amount: true, captured: true, released: true, status: true, createdAt: true, updatedAt: true, holdTransactionId: true },
    }),
    r.apiKeyId ? db.programApiKey.findFirst({ where: { id: r.apiKeyId, programId: r.programId }, select: { id: true, name: true, prefix: true } }) : null,
    r.cashierUserId ? db.user.findUnique({ where: { id: r.cashierUserId }, select: { id: true, name: true, email: true } }) : null,
    r.voucherId ? db.voucher.findUnique({ where: { id: r.voucherId }, select: { code: true } }) : null,
  ]);

  const transactions = await db.ledgerTransaction.findMany({
    where: {
      OR: [
        ...(hold ? [{ id: hold.holdTransactionId }] : []),
        { referenceType: "hold", referenceId: r.holdId.toString() },
        { referenceType: "redemption", referenceId: r.id },
      ],
    },
    orderBy: { id: "asc" },
    select: { id: true, kind: true, createdAt: true, entries: { orderBy: { id: "asc" }, select: { amount: true, currency: true, account: { select: { kind: true } } } } },
  });

  // Names of the people who refunded from the dashboard; other actors (an API key, the system) have none.
  const userIds = [...new Set(r.refunds.flatMap((f) => (f.actorType === "USER" && f.actorId ? [f.actorId] : [])))];
  const users = userIds.length > 0 ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [];
  const userLabel = new Map(users.map((u) => [u.id, u.name ?? u.email]));

  return {
    id: r.id,
    programId: r.programId,
    orderId: r.orderId,
    currency: r.currency,
    amountRequested: r.amountRequested,
    amountHeld: r.amountHeld,
    amountCaptured: r.amountCaptured,
    amountRefunded: r.amountRefunded,
    status: r.status,
    source: r.source,
    expiresAt: r.expiresAt,
    capturedAt: r.capturedAt,
    canceledAt: r.canceledAt,
    createdAt: r.createdAt,
    metadata: r.metadata,
    member: { id: r.member.id, code: r.member.code, name: r.member.user.name, email: r.member.user.email },
    apiKey,
    cashier,
    voucherCode: voucher?.code ?? null,
    hold: hold ? { id: hold.id, amount: hold.amount, captured: hold.captured, released: hold.released, status: hold.status, createdAt: hold.createdAt, updatedAt: hold.updatedAt } : null,
    movements: transactions.map((t) => ({
      transactionId: t.id,
      kind: t.kind,
      createdAt: t.createdAt,
      amount: t.entries.reduce((sum, e) => (e.amount > 0n ? sum + e.amount : sum), 0n),
      currency: t.entries[0]?.currency ?? r.currency,
      entries: t.entries.map((e) => ({ account: e.account.kind, amount: e.amount })),
    })),
    refunds: r.refunds.map((f) => ({
      id: f.id,
      amount: f.amount,
      reason: f.reason,
      createdAt: f.createdAt,
      actor: { type: f.actorType, id: f.actorId, label: f.actorType === "USER" && f.actorId ? (userLabel.get(f.actorId) ?? null) : null },
    })),
  };
}

/** The program of one of the provider's redemptions, for actions that act on it; null for anything else. */
export async function findProviderRedemption(db: DbOrTx, input: { providerId: string; redemptionId: string }): Promise<{ id: string; programId: string; currency: Currency } | null> {
  if (!REDEMPTION_ID.test(input.redemptionId)) return null;
  return db.redemption.findFirst({ where: { id: input.redemptionId, program: { providerId: input.providerId } }, select: { id: true, programId: true, currency: true } });
}
