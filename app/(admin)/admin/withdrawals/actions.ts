"use server";

import { revalidatePath } from "next/cache";
import { createActionBuilders } from "@/lib/actions/safe-action";
import { createAdminActions } from "@/lib/admin/admin-actions";
import { currentUser } from "@/lib/auth/session";

const admin = createAdminActions(createActionBuilders(currentUser));

export async function decideWithdrawalAction(raw: unknown) {
  const result = await admin.decideWithdrawal(raw);
  revalidatePath("/admin/withdrawals");
  revalidatePath("/admin/risk");
  return result;
}
