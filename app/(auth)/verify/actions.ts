"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/safe-action";
import { confirmSignup } from "@/lib/users/confirm-signup";
import { DomainError } from "@/lib/errors";

export const confirmSignupAction = publicAction(z.object({ token: z.string().min(1).max(200) }), async ({ token }) => {
  const outcome = await confirmSignup(token);
  if (outcome.status === "invalid") throw new DomainError("NOT_FOUND", "This link has expired or was already used. Sign up again or sign in.");
  return { email: outcome.email };
});
