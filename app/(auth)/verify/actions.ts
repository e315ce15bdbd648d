"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction } from "@/lib/actions/safe-action";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { confirmSignupAndSignIn } from "@/lib/auth/confirmation-sign-in";
import { issueSessionCookie } from "@/lib/auth/issue-session-cookie";
import { homeFor } from "@/lib/auth/roles";
import { clientAddress } from "@/lib/http/client-address";
import { DomainError } from "@/lib/errors";

const confirmSignupAction = publicAction(z.object({ token: z.string().min(1).max(200), callbackUrl: z.string().max(500).optional() }), async ({ token }) => {
  const h = await headers();
  const outcome = await confirmSignupAndSignIn(token, { ip: clientAddress(h), userAgent: h.get("user-agent") ?? "" });
  if (outcome.status === "invalid") throw new DomainError("NOT_FOUND", "This link has expired or was already used. Sign up again or sign in.");
  if (outcome.status === "exists") return { signedIn: false, email: outcome.email, home: null };
  await issueSessionCookie(outcome);
  return { signedIn: true, email: outcome.user.email, home: homeFor(outcome.user.roles) };
});

/**
 * The confirmation form's action. A plain form post works before (or without) JavaScript, so a fast tap
 * right after the page appears is never lost. The new member lands signed in (the link proved the address;
 * the password was set at sign-up); an address that got an account meanwhile signs in as usual.
 */
export async function confirmSignupFormAction(_previous: { error: string } | null, form: FormData): Promise<{ error: string }> {
  const result = await confirmSignupAction(form);
  if (!result.ok) return { error: result.error.message };
  const callbackUrl = safeCallbackUrl(form.get("callbackUrl"));
  if (result.data.signedIn) redirect(callbackUrl ?? result.data.home ?? "/home");
  const next = new URLSearchParams({ verified: "1", email: result.data.email });
  if (callbackUrl) next.set("callbackUrl", callbackUrl);
  redirect(`/signin?${next.toString()}`);
}
