import "server-only";
import { db } from "@/lib/db/client";
import { confirmSignup } from "@/lib/users/confirm-signup";
import { loadRoles } from "./load-roles";
import type { Roles } from "./roles";
import { openSession } from "./sessions";

export type ConfirmationSignIn =
  | { status: "signed-in"; user: { id: string; email: string; name: string | null; roles: Roles }; sessionId: string; sessionVersion: number }
  /** The address got an account some other way meanwhile: nothing is opened, the owner signs in as usual. */
  | { status: "exists"; email: string }
  | { status: "invalid" };

/**
 * Confirms a sign-up and signs the new member in. The e-mailed token is the only credential: it is claimed
 * once, atomically, by `confirmSignup` (a second use, an expired or unknown token is "invalid"), and only the
 * request that created the account gets a session — recorded like any sign-in (`sign_ins`), so it shows in
 * the profile, ends on sign-out and with "Sign out everywhere".
 */
export async function confirmSignupAndSignIn(token: string, client: { ip: string; userAgent: string }): Promise<ConfirmationSignIn> {
  const outcome = await confirmSignup(token);
  if (outcome.status !== "created") return outcome;
  const user = await db.user.findUniqueOrThrow({ where: { email: outcome.email }, select: { id: true, email: true, name: true } });
  const roles = (await loadRoles(db, user.id)) ?? { admin: false, staff: [] };
  const session = await openSession(db, { userId: user.id, ip: client.ip, userAgent: client.userAgent });
  return { status: "signed-in", user: { ...user, roles }, ...session };
}
