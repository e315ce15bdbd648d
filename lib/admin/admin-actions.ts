import "server-only";
import { z } from "zod";
import type { ActionBuilders } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { approveProvider } from "@/lib/providers/approve-provider";
import { adminReasonSchema } from "@/lib/providers/change-provider-status";
import { reinstateProvider } from "@/lib/providers/reinstate-provider";
import { suspendProvider } from "@/lib/providers/suspend-provider";
import { decideWithdrawal } from "@/lib/withdrawals/decide-withdrawal";
import { decideAdjustment, parseAdjustmentAmount, requestAdjustment } from "./adjust-member-balance";
import { endUserSessions } from "./end-user-sessions";
import { setUserLocked } from "./lock-user";
import { resendSignupConfirmation } from "./pending-signups";
import { requestReconciliation } from "./request-reconciliation";

const providerDecision = z.object({ providerId: z.uuid("Expected the business's id"), reason: adminReasonSchema });

/**
 * Every action of the admin console, built with the admin builder (platform admins only, checked against the
 * database on each call) and each with a required reason that lands in the platform audit log. Given the
 * builders, so tests can call them as any user (lib/admin/admin-actions.test.ts).
 */
export function createAdminActions({ adminAction }: ActionBuilders) {
  return {
    suspendProvider: adminAction(providerDecision, async (input, { user }) =>
      suspendProvider(db, { providerId: input.providerId, reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
    reinstateProvider: adminAction(providerDecision, async (input, { user }) =>
      reinstateProvider(db, { providerId: input.providerId, reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
    approveProvider: adminAction(providerDecision, async (input, { user }) =>
      approveProvider(db, { providerId: input.providerId, reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
    requestReconciliation: adminAction(z.object({ reason: adminReasonSchema }), async (input, { user }) =>
      requestReconciliation(db, { reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
    endUserSessions: adminAction(z.object({ userId: z.uuid("Expected the person's id"), reason: adminReasonSchema }), async (input, { user }) =>
      endUserSessions(db, { userId: input.userId, reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
    setUserLocked: adminAction(
      z.object({ userId: z.uuid("Expected the person's id"), locked: z.enum(["true", "false"]).transform((v) => v === "true"), reason: adminReasonSchema }),
      async (input, { user }) => setUserLocked(db, { userId: input.userId, locked: input.locked, reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
    requestAdjustment: adminAction(
      z.object({
        memberId: z.uuid("Expected the membership's id"),
        direction: z.enum(["CREDIT", "DEBIT"], { error: "Choose credit or debit" }),
        amount: z.string().trim().min(1, "Enter the amount").max(20, "Enter the amount, like 12.50"),
        reason: adminReasonSchema,
      }),
      async (input, { user }) => {
        const amountMinor = await parseAdjustmentAmount(db, { memberId: input.memberId, amount: input.amount });
        return requestAdjustment(db, { memberId: input.memberId, direction: input.direction, amountMinor, reason: input.reason, adminUserId: user.id });
      },
    ),
    decideAdjustment: adminAction(
      z.object({ adjustmentId: z.uuid("Expected the adjustment's id"), decision: z.enum(["approve", "reject"]), reason: adminReasonSchema }),
      async (input, { user }) => decideAdjustment(db, { adjustmentId: input.adjustmentId, decision: input.decision, reason: input.reason, adminUserId: user.id }),
    ),
    /** Approve (→ payout queue) or reject (→ money back to available; the member sees the reason) a large withdrawal. */
    decideWithdrawal: adminAction(
      z.object({ withdrawalId: z.uuid("Expected the withdrawal's id"), decision: z.enum(["approve", "reject"], { error: "Choose approve or reject" }), reason: adminReasonSchema }),
      async (input, { user }) => {
        const w = await decideWithdrawal(db, { withdrawalId: input.withdrawalId, adminUserId: user.id, decision: input.decision, reason: input.reason });
        return { status: w.status };
      },
    ),
    resendSignupConfirmation: adminAction(z.object({ email: z.email("Expected an e-mail address").max(320), reason: adminReasonSchema }), async (input, { user }) =>
      resendSignupConfirmation(db, { email: input.email, reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
  };
}

export type AdminActions = ReturnType<typeof createAdminActions>;
