import "server-only";
import { z } from "zod";
import type { ActionBuilders } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { approveProvider } from "@/lib/providers/approve-provider";
import { adminReasonSchema } from "@/lib/providers/change-provider-status";
import { reinstateProvider } from "@/lib/providers/reinstate-provider";
import { suspendProvider } from "@/lib/providers/suspend-provider";
import { endUserSessions } from "./end-user-sessions";
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
  };
}

export type AdminActions = ReturnType<typeof createAdminActions>;
