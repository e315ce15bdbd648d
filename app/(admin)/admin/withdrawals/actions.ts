"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { decideWithdrawal } from "@/lib/withdrawals/decide-withdrawal";

export const decideWithdrawalAction = adminAction(
  z.object({
    withdrawalId: z.uuid(),
    decision: z.enum(["approve", "reject"]),
    reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional(),
  }),
  async (input, { user }) => {
    const w = await decideWithdrawal(db, { withdrawalId: input.withdrawalId, adminUserId: user.id, decision: input.decision, reason: input.reason });
    revalidatePath("/admin/withdrawals");
    return { status: w.status };
  },
);
