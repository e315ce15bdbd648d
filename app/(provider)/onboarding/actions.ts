"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { checkSlug, onboardProvider } from "@/lib/providers/onboard-provider";
import { PROVIDER_COOKIE } from "@/lib/providers/require-staff";

// Any signed-in person may start a business; the fields are validated by onboardProvider.
export const onboardAction = memberAction(z.looseObject({}), async (input, { user }) => {
  const hit = await consumeRateLimit(db, `onboard:${user.id}`, { limit: 5, windowSeconds: 3600 });
  if (!hit.ok) throw new DomainError("RATE_LIMITED", "Too many new businesses in a short time. Please try again later.", { retryAfterSeconds: hit.retryAfterSeconds });
  const created = await onboardProvider(db, user.id, input);
  // The dashboard opens on the new business, not on another one this person already works for.
  (await cookies()).set(PROVIDER_COOKIE, created.providerId, { path: "/", httpOnly: true, sameSite: "lax" });
  return created;
});

export const checkSlugAction = memberAction(z.object({ slug: z.string().max(100) }), async ({ slug }, { user }) => {
  const hit = await consumeRateLimit(db, `slug-check:${user.id}`, { limit: 120, windowSeconds: 60 });
  if (!hit.ok) throw new DomainError("RATE_LIMITED", "Slow down a little.", { retryAfterSeconds: hit.retryAfterSeconds });
  return checkSlug(db, slug);
});
