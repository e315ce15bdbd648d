"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction } from "@/lib/actions/safe-action";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { confirmSignup } from "@/lib/users/confirm-signup";
import { DomainError } from "@/lib/errors";

const confirmSignupAction = publicAction(z.object({ token: z.string().min(1).max(200), callbackUrl: z.string().max(500).optional() }), async ({ token }) => {
  const outcome = await confirmSignup(token);
  if (outcome.status === "invalid") throw new DomainError("NOT_FOUND", "This link has expired or was already used. Sign up again or sign in.");
  return { email: outcome.email };
});

/**
 * The confirmation form's action. A plain form post works before (or without) JavaScript, so a fast tap
 * right after the page appears is never lost.
 */
export async function confirmSignupFormAction(_previous: { error: string } | null, form: FormData): Promise<{ error: string }> {
  const result = await confirmSignupAction(form);
  if (!result.ok) return { error: result.error.message };
  const next = new URLSearchParams({ verified: "1", email: result.data.email });
  const callbackUrl = safeCallbackUrl(form.get("callbackUrl"));
  if (callbackUrl) next.set("callbackUrl", callbackUrl);
  redirect(`/signin?${next.toString()}`);
}
