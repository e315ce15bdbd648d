"use server";

import { revalidatePath } from "next/cache";
import { createActionBuilders } from "@/lib/actions/safe-action";
import { createAdminActions } from "@/lib/admin/admin-actions";
import { currentUser } from "@/lib/auth/session";

const admin = createAdminActions(createActionBuilders(currentUser));

export async function requestReconciliationAction(raw: unknown) {
  const result = await admin.requestReconciliation(raw);
  revalidatePath("/admin/ledger");
  return result;
}
