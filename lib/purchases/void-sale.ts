import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { lockPurchase, refundLockedPurchase, requireReason, staffRoleAt, type StaffRefunded } from "./staff-refund";

/** How long after a register sale its cashier may void it; later, only a manager's refund can (docs/money-rules.md). */
export const VOID_WINDOW_MS = 10 * 60 * 1000;

export type VoidSaleInput = {
  providerId: string;
  purchaseId: string;
  /** The signed-in staff member at the till: only the one who registered the sale may void it. */
  userId: string;
  reason: string;
  requestId: string;
  now?: Date;
};

/**
 * The register's void: the cashier who registered a sale takes it back in full within 10 minutes (a typo
 * such as 100000 for 1000), with a reason. It is a staff refund of the whole sale — the same refund path, the
 * same reversal, one audit entry (action "purchase.void") — not a second money path.
 */
export async function voidSale(db: DbOrTx, input: VoidSaleInput): Promise<StaffRefunded> {
  const reason = requireReason(input.reason);
  const now = input.now ?? new Date();
  return inTransaction(
    db,
    async (tx) => {
      if (!(await staffRoleAt(tx, input.userId, input.providerId))) throw new DomainError("NOT_FOUND", "That business does not exist or you are not part of it.");
      const sale = await lockPurchase(tx, input.providerId, input.purchaseId);
      if (sale.source !== "REGISTER" || sale.cashierUserId !== input.userId) {
        throw new DomainError("FORBIDDEN", "Only the cashier who registered a sale can void it; a manager can refund it from Orders.");
      }
      if (sale.refundedMinor > 0n) throw new DomainError("CONFLICT", sale.refundedMinor >= sale.amountMinor ? "This sale was already voided." : "This sale was already refunded in part; a manager can refund the rest from Orders.");
      if (now.getTime() - sale.createdAt.getTime() > VOID_WINDOW_MS) {
        throw new DomainError("FORBIDDEN", "A sale can be voided for 10 minutes only; ask a manager to refund it from Orders.");
      }
      return refundLockedPurchase(tx, sale, { providerId: input.providerId, refundMinor: sale.amountMinor, reason, requestId: input.requestId, actor: { type: "USER", id: input.userId }, action: "purchase.void" });
    },
    { timeout: 20_000 },
  );
}
