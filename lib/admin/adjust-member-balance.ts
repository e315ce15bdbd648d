import "server-only";
import type { Db, DbOrTx, Tx } from "@/lib/db/client";
import type { AdjustmentDirection, Currency } from "@/lib/db/generated/enums";
import { parseAmountInput } from "@/lib/money/parse-amount";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { LedgerError, memberAccount, post, providerAccount } from "@/lib/ledger";

const DEFAULT_APPROVAL_ABOVE_MINOR = 5_000n;

/** Goodwill adjustments above this (minor units, ADMIN_ADJUSTMENT_APPROVAL_ABOVE_MINOR, default 5000) need a second admin. */
export function adjustmentApprovalAboveMinor(): bigint {
  const raw = process.env.ADMIN_ADJUSTMENT_APPROVAL_ABOVE_MINOR?.trim();
  return raw && /^\d{1,15}$/.test(raw) ? BigInt(raw) : DEFAULT_APPROVAL_ABOVE_MINOR;
}

export type AdjustmentView = { id: string; status: "PENDING_APPROVAL" | "POSTED" | "REJECTED"; transactionId: string | null };

/**
 * Posts the adjustment: a goodwill credit moves cashback from the business's liability to the member's available
 * balance; a debit takes it back (refused when the member's available balance is too low). One ledger
 * ADJUSTMENT transaction keyed by the adjustment, in the caller's transaction.
 */
async function postAdjustment(tx: Tx, a: { id: string; memberId: string; providerId: string; direction: AdjustmentDirection; amountMinor: bigint; currency: Parameters<typeof memberAccount>[2]; reason: string }): Promise<bigint> {
  const sign = a.direction === "CREDIT" ? 1n : -1n;
  try {
    const posted = await post(tx, {
      idempotencyKey: `adjustment:${a.id}`,
      kind: "ADJUSTMENT",
      reference: { type: "adjustment", id: a.id },
      metadata: { reason: a.reason.slice(0, 200) },
      entries: [
        { account: memberAccount(a.memberId, "MEMBER_AVAILABLE", a.currency), amount: sign * a.amountMinor },
        { account: providerAccount(a.providerId, "PROVIDER_LIABILITY", a.currency), amount: -sign * a.amountMinor },
      ],
    });
    return posted.transactionId;
  } catch (error) {
    if (error instanceof LedgerError && error.reason === "INSUFFICIENT_FUNDS") {
      throw new DomainError("UNPROCESSABLE", "The member's available balance is lower than this debit.", { field: "amount" });
    }
    throw error;
  }
}

export type RequestAdjustmentInput = { memberId: string; direction: AdjustmentDirection; amountMinor: bigint; reason: string; adminUserId: string };

/**
 * A platform admin's goodwill credit or debit to a member's available cashback, against the business's liability.
 * Up to the approval threshold it is posted at once; above it, it waits for a second admin (approveAdjustment).
 * Every step is in the platform audit log with its reason.
 */
export async function requestAdjustment(db: Db, input: RequestAdjustmentInput): Promise<AdjustmentView> {
  return createAdjustment(db, { ...input, origin: "PLATFORM", requestedById: input.adminUserId, needsApproval: (amount) => amount > adjustmentApprovalAboveMinor() });
}

export type OwnerAdjustmentInput = { providerId: string; memberId: string; direction: AdjustmentDirection; amountMinor: bigint; reason: string; ownerUserId: string };

/**
 * The business's owner gives a member goodwill (or takes it back) from the dashboard: the same ADJUSTMENT
 * against the business's own liability, posted at once (a debit never below the member's available
 * balance), audit-logged with its reason. A member of another business is not found.
 */
export async function ownerAdjustment(db: Db, input: OwnerAdjustmentInput): Promise<AdjustmentView> {
  return createAdjustment(db, { ...input, origin: "PROVIDER", requestedById: input.ownerUserId, scopeProviderId: input.providerId, needsApproval: () => false });
}

async function createAdjustment(
  db: Db,
  input: {
    memberId: string;
    direction: AdjustmentDirection;
    amountMinor: bigint;
    reason: string;
    origin: "PLATFORM" | "PROVIDER";
    requestedById: string;
    /** When given, the member must belong to this business. */
    scopeProviderId?: string;
    needsApproval: (amountMinor: bigint) => boolean;
  },
): Promise<AdjustmentView> {
  if (input.amountMinor <= 0n) throw new DomainError("VALIDATION", "The amount must be above zero.", { field: "amount" });
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: input.memberId }, select: { id: true, program: { select: { id: true, providerId: true, currency: true } } } });
    if (!member || (input.scopeProviderId !== undefined && member.program.providerId !== input.scopeProviderId)) {
      throw new DomainError("NOT_FOUND", "No such membership.", { field: "memberId" });
    }
    const needsApproval = input.needsApproval(input.amountMinor);
    const created = await tx.adminAdjustment.create({
      data: {
        origin: input.origin,
        memberId: member.id,
        providerId: member.program.providerId,
        direction: input.direction,
        amountMinor: input.amountMinor,
        currency: member.program.currency,
        reason: input.reason,
        requestedById: input.requestedById,
        status: needsApproval ? "PENDING_APPROVAL" : "POSTED",
      },
    });
    let transactionId: bigint | null = null;
    if (!needsApproval) {
      transactionId = await postAdjustment(tx, { ...created, providerId: member.program.providerId });
      await tx.adminAdjustment.update({ where: { id: created.id }, data: { ledgerTransactionId: transactionId, decidedAt: new Date() } });
    }
    await recordAudit(tx, {
      actor: { type: "USER", id: input.requestedById },
      action: input.origin === "PROVIDER" ? "member.goodwill" : needsApproval ? "adjustment.request" : "adjustment.post",
      providerId: member.program.providerId,
      programId: member.program.id,
      target: { type: "member", id: member.id },
      after: { adjustmentId: created.id, direction: input.direction, amountMinor: input.amountMinor, currency: member.program.currency, status: created.status },
      reason: input.reason,
    });
    return { id: created.id, status: created.status, transactionId: transactionId?.toString() ?? null };
  });
}

/** A second admin approves (posts) or rejects an adjustment waiting for approval; never the admin who asked for it. */
export async function decideAdjustment(db: Db, input: { adjustmentId: string; decision: "approve" | "reject"; adminUserId: string; reason: string }): Promise<AdjustmentView> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM admin_adjustments WHERE id = ${input.adjustmentId}::uuid FOR UPDATE`;
    if (!row) throw new DomainError("NOT_FOUND", "No such adjustment.", { field: "adjustmentId" });
    const a = await tx.adminAdjustment.findUniqueOrThrow({ where: { id: row.id } });
    if (a.status !== "PENDING_APPROVAL") throw new DomainError("CONFLICT", `This adjustment is already ${a.status === "POSTED" ? "posted" : "rejected"}.`);
    if (a.requestedById === input.adminUserId) throw new DomainError("FORBIDDEN", "A second admin must approve this: you asked for it.");
    let transactionId: bigint | null = null;
    if (input.decision === "approve") transactionId = await postAdjustment(tx, a);
    const status = input.decision === "approve" ? "POSTED" : "REJECTED";
    await tx.adminAdjustment.update({ where: { id: a.id }, data: { status, decidedById: input.adminUserId, decidedAt: new Date(), ledgerTransactionId: transactionId } });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.adminUserId },
      action: input.decision === "approve" ? "adjustment.approve" : "adjustment.reject",
      providerId: a.providerId,
      target: { type: "member", id: a.memberId },
      after: { adjustmentId: a.id, status },
      reason: input.reason,
    });
    return { id: a.id, status, transactionId: transactionId?.toString() ?? null };
  });
}

/** An amount typed by an admin ("12.50", or whole points) in the membership's currency, as minor units. */
export async function parseAdjustmentAmount(db: Db, input: { memberId: string; amount: string }): Promise<bigint> {
  const member = await db.member.findUnique({ where: { id: input.memberId }, select: { program: { select: { currency: true } } } });
  if (!member) throw new DomainError("NOT_FOUND", "No such membership.", { field: "memberId" });
  const minor = parseAmountInput(input.amount, member.program.currency);
  if (minor === null || minor <= 0n) throw new DomainError("VALIDATION", member.program.currency === "PTS" ? "Enter a whole number of points above zero." : "Enter an amount above zero, like 12.50.", { field: "amount" });
  return minor;
}

export type PendingAdjustment = { id: string; memberId: string; direction: AdjustmentDirection; amountMinor: bigint; currency: Currency; reason: string; requestedById: string; createdAt: Date };

/** Adjustments of a person's memberships (or all, without userId) waiting for a second admin, oldest first. */
export async function listPendingAdjustments(db: DbOrTx, params: { userId?: string } = {}): Promise<PendingAdjustment[]> {
  const memberIds = params.userId ? (await db.member.findMany({ where: { userId: params.userId }, select: { id: true } })).map((m) => m.id) : undefined;
  return db.adminAdjustment.findMany({
    where: { status: "PENDING_APPROVAL", ...(memberIds ? { memberId: { in: memberIds } } : {}) },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { id: true, memberId: true, direction: true, amountMinor: true, currency: true, reason: true, requestedById: true, createdAt: true },
  });
}
