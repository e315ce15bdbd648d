import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { authOptions } from "./options";
import { loadRoles } from "./load-roles";
import type { Roles } from "./roles";

export type SessionUser = { id: string; email: string; name: string | null; roles: Roles };

/**
 * The signed-in user with roles read fresh from the database (the cookie's copy may be stale), or null.
 * Cached per request.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  // A deleted account's sessions end at once, on every device.
  const user = await db.user.findFirst({ where: { id, deletedAt: null }, select: { id: true, email: true, name: true } });
  if (!user) return null;
  const roles = await loadRoles(db, id);
  return roles ? { ...user, roles } : null;
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(callbackUrl?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  return user;
}
