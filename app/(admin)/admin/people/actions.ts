"use server";

import { revalidatePath } from "next/cache";
import { createActionBuilders } from "@/lib/actions/safe-action";
import { createAdminActions } from "@/lib/admin/admin-actions";
import { currentUser } from "@/lib/auth/session";

const admin = createAdminActions(createActionBuilders(currentUser));

export async function endUserSessionsAction(raw: unknown) {
  const result = await admin.endUserSessions(raw);
  revalidatePath("/admin/people", "layout");
  return result;
}

export async function setUserLockedAction(raw: unknown) {
  const result = await admin.setUserLocked(raw);
  revalidatePath("/admin/people", "layout");
  return result;
}

export async function requestAdjustmentAction(raw: unknown) {
  const result = await admin.requestAdjustment(raw);
  revalidatePath("/admin/people", "layout");
  return result;
}

export async function decideAdjustmentAction(raw: unknown) {
  const result = await admin.decideAdjustment(raw);
  revalidatePath("/admin/people", "layout");
  return result;
}

export async function resendSignupConfirmationAction(raw: unknown) {
  const result = await admin.resendSignupConfirmation(raw);
  revalidatePath("/admin/people", "layout");
  return result;
}
