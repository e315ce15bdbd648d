"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { reissueSession } from "@/lib/auth/reissue-session";
import { endAllSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { rejoinProgram } from "@/lib/members/join-program";
import { leaveProgram } from "@/lib/members/leave-program";
import { setMembershipRenewal } from "@/lib/memberships/renew-or-end";
import { changePassword } from "@/lib/users/change-password";
import { confirmEmailChange } from "@/lib/users/confirm-email-change";
import { deleteAccount } from "@/lib/users/delete-account";
import { forfeitSchema } from "@/lib/users/settle-deleted-account";
import { requestEmailChange } from "@/lib/users/request-email-change";
import { confirmTwoFactorEnrolment, disableTwoFactor, startTwoFactorEnrolment } from "@/lib/users/two-factor";
import { updateProfile } from "@/lib/users/update-profile";

export const updateNameAction = memberAction(z.object({ name: z.string().max(200, "Use at most 100 characters") }), async ({ name }, { user }) => {
  const saved = await updateProfile(user.id, { name });
  revalidatePath("/wallet", "layout");
  return saved;
});

export const changePasswordAction = memberAction(
  z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }),
  async (input, { user }) => {
    await changePassword(user.id, input);
    // Every session ended with the change; this browser gets a new one, the others stay signed out.
    await reissueSession(user.id);
    revalidatePath("/wallet/profile");
    return { changed: true };
  },
);

export const signOutEverywhereAction = memberAction(z.object({}), async (_input, { user }) => {
  await endAllSessions(db, user.id);
  return { signedOut: true };
});

export const leaveProgramAction = memberAction(z.object({ memberId: z.uuid("Unknown membership") }), async ({ memberId }, { user }) => {
  const left = await leaveProgram(user.id, memberId);
  revalidatePath("/wallet", "layout");
  return left;
});

/** Cancels (renew: false) or resumes (renew: true) a paid membership's renewal at the end of the period. */
export const setRenewalAction = memberAction(z.object({ memberId: z.uuid("Unknown membership"), renew: z.boolean() }), async ({ memberId, renew }, { user }) => {
  const renewal = await setMembershipRenewal(user.id, memberId, { renew });
  revalidatePath("/wallet/profile");
  return { periodEnd: renewal.periodEnd.toISOString(), endsAtPeriodEnd: renewal.endsAtPeriodEnd };
});

export const rejoinProgramAction = memberAction(z.object({ memberId: z.uuid("Unknown membership") }), async ({ memberId }, { user }) => {
  const member = await rejoinProgram(db, { userId: user.id, memberId });
  revalidatePath("/wallet", "layout");
  return { status: member.status };
});

export const deleteAccountAction = memberAction(z.object({ password: z.string().max(1024), forfeit: forfeitSchema.optional() }), async ({ password, forfeit }, { user }) => {
  await deleteAccount(user.id, { password, forfeit });
  return { deleted: true };
});

export const requestEmailChangeAction = memberAction(z.object({ newEmail: z.string().max(300), password: z.string().max(1024) }), async (input, { user }) => {
  return requestEmailChange(user.id, input);
});

export const confirmEmailChangeAction = memberAction(z.object({ token: z.string().min(1).max(4000) }), async ({ token }, { user }) => {
  const changed = await confirmEmailChange(user.id, token);
  revalidatePath("/wallet", "layout");
  return changed;
});

export const startTwoFactorAction = memberAction(z.object({}), async (_input, { user }) => {
  const { secret, qr } = await startTwoFactorEnrolment(user.id);
  return { secret, qr };
});

export const confirmTwoFactorAction = memberAction(z.object({ code: z.string().max(40, "Enter the 6-digit code") }), async ({ code }, { user }) => {
  const result = await confirmTwoFactorEnrolment(user.id, { code });
  revalidatePath("/wallet/profile");
  return result;
});

export const disableTwoFactorAction = memberAction(z.object({ password: z.string().max(1024) }), async ({ password }, { user }) => {
  await disableTwoFactor(user.id, { password });
  revalidatePath("/wallet/profile");
  return { disabled: true };
});
