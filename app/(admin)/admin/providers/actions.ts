"use server";

import { revalidatePath } from "next/cache";
import { createActionBuilders } from "@/lib/actions/safe-action";
import { createAdminActions } from "@/lib/admin/admin-actions";
import { currentUser } from "@/lib/auth/session";

const admin = createAdminActions(createActionBuilders(currentUser));

export async function suspendProviderAction(raw: unknown) {
  const result = await admin.suspendProvider(raw);
  revalidatePath("/admin", "layout");
  return result;
}

export async function reinstateProviderAction(raw: unknown) {
  const result = await admin.reinstateProvider(raw);
  revalidatePath("/admin", "layout");
  return result;
}

export async function approveProviderAction(raw: unknown) {
  const result = await admin.approveProvider(raw);
  revalidatePath("/admin", "layout");
  return result;
}
