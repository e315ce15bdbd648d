"use server";

import { revalidatePath } from "next/cache";
import { createActionBuilders } from "@/lib/actions/safe-action";
import { currentUser } from "@/lib/auth/session";
import { createMemberActions } from "@/lib/members/member-actions";

const members = createMemberActions(createActionBuilders(currentUser));

export async function giveGoodwillAction(raw: unknown) {
  const result = await members.giveGoodwill(raw);
  if (result.ok) revalidatePath("/dashboard/members", "layout");
  return result;
}

export async function setEarningBlockAction(raw: unknown) {
  const result = await members.setEarningBlock(raw);
  if (result.ok) revalidatePath("/dashboard/members", "layout");
  return result;
}

export async function setSegmentAction(raw: unknown) {
  const result = await members.setSegment(raw);
  if (result.ok) revalidatePath("/dashboard/members", "layout");
  return result;
}
