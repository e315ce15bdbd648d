import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "./options";
import type { Roles } from "./roles";

export type SessionUser = { id: string; email: string; name: string | null; roles: Roles; sessionId?: string };

/**
 * The signed-in user, or null. The session callback (lib/auth/options.ts) has already checked the session
 * against the database — ended sessions, a raised session version and deleted accounts give null — and read
 * the roles as they are now, in one query. Cached per request.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, email: user.email, name: user.name, roles: user.roles, sessionId: user.sessionId };
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(callbackUrl?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  return user;
}
