import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { readyStatus } from "./funding-gate";
import { lockWithdrawal, notifyWithdrawal, refuseUnless, releaseWithdrawal, WITHDRAWAL_ROW, type WithdrawalRow } from "./transitions";

/** A platform admin approves (→ payout queue) or rejects (→ money back to available) a large withdrawal. */
export async function decideWithdrawal(
  db: DbOrTx,
  input: { withdrawalId: string; adminUserId: string; decision: "approve" | "reject"; reason?: string },
): Promise<WithdrawalRow> {
  return inTransaction(db, async (tx) => {
    const w = await lockWithdrawal(tx, input.withdrawalId);
    if (!w) throw new DomainError("NOT_FOUND", "That withdrawal does not exist.");
    refuseUnless(w, ["AWAITING_APPROVAL"], input.decision === "approve" ? "approved" : "rejected");
    const actor = { type: "USER" as const, id: input.adminUserId };
    if (input.decision === "reject") {
      if (!input.reason?.trim()) throw new DomainError("VALIDATION", "Say why the withdrawal is rejected; the member will see it.", { field: "reason" });
      const rejected = await releaseWithdrawal(tx, w, "CANCELED", input.reason.trim());
      await recordAudit(tx, { actor, action: "withdrawal.reject", target: { type: "withdrawal", id: w.id }, before: { status: w.status }, after: { status: rejected.status }, reason: input.reason });
      return rejected;
    }
    const next = await readyStatus(tx, w);
    const approved = await tx.withdrawal.update({ where: { id: w.id }, data: { status: next, approvedById: input.adminUserId }, select: WITHDRAWAL_ROW });
    await notifyWithdrawal(tx, approved, next);
    await recordAudit(tx, { actor, action: "withdrawal.approve", target: { type: "withdrawal", id: w.id }, before: { status: w.status }, after: { status: approved.status }, reason: input.reason ?? null });
    return approved;
  });
}

/** The member changes their mind before any money has moved. */
export async function cancelWithdrawal(db: DbOrTx, input: { withdrawalId: string; userId: string }): Promise<WithdrawalRow> {
  return inTransaction(db, async (tx) => {
    const w = await lockWithdrawal(tx, input.withdrawalId);
    if (!w || w.userId !== input.userId) throw new DomainError("NOT_FOUND", "That withdrawal does not exist.");
    refuseUnless(w, ["AWAITING_CONFIRMATION", "AWAITING_APPROVAL", "AWAITING_PAYOUT_SETUP", "AWAITING_FUNDING"], "cancelled");
    return releaseWithdrawal(tx, w, "CANCELED", "cancelled by you");
  });
}
