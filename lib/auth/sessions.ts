import type { DbOrTx } from "@/lib/db/client";
import type { Roles } from "./roles";

/** What a session token says about itself (next-auth's JWT: sub = user id, sid = sign-in id, sv = version). */
export type SessionClaims = { sub?: string | null; sid?: string | null; sv?: number | null };
export type LiveSession = { id: string; email: string; name: string | null; roles: Roles };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Records a successful sign-in; the session token carries its id and the user's current session version. */
export async function openSession(db: DbOrTx, input: { userId: string; ip: string; userAgent: string }): Promise<{ sessionId: string; sessionVersion: number }> {
  const row = await db.signIn.create({
    data: { userId: input.userId, ip: input.ip.slice(0, 100), userAgent: input.userAgent.slice(0, 500) },
    select: { id: true, user: { select: { sessionVersion: true } } },
  });
  return { sessionId: row.id, sessionVersion: row.user.sessionVersion };
}

/**
 * The user behind a session token, with roles read now, or null when the session has ended: signed out,
 * signed out everywhere, password changed or reset, account deleted — or a token from before sessions were
 * recorded. One read by primary key; runs on every request that asks who is signed in.
 */
export async function checkSession(db: DbOrTx, claims: SessionClaims): Promise<LiveSession | null> {
  if (!claims.sub || !claims.sid || !UUID.test(claims.sid) || typeof claims.sv !== "number") return null;
  const row = await db.signIn.findUnique({
    where: { id: claims.sid },
    select: {
      userId: true,
      endedAt: true,
      user: {
        select: {
          email: true,
          name: true,
          deletedAt: true,
          lockedAt: true,
          sessionVersion: true,
          isAdmin: true,
          staff: { select: { providerId: true, role: true }, orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  if (!row || row.userId !== claims.sub || row.endedAt || row.user.deletedAt || row.user.lockedAt || row.user.sessionVersion !== claims.sv) return null;
  return { id: row.userId, email: row.user.email, name: row.user.name, roles: { admin: row.user.isAdmin, staff: row.user.staff } };
}

/** Sign-out: this session's token is refused from the next request on, even a copy of it. */
export async function endSession(db: DbOrTx, claims: SessionClaims): Promise<void> {
  if (!claims.sub || !claims.sid || !UUID.test(claims.sid)) return;
  await db.signIn.updateMany({ where: { id: claims.sid, userId: claims.sub, endedAt: null }, data: { endedAt: new Date() } });
}

/** Ends every open session of the user (password change or reset, "sign out everywhere"). */
export async function endAllSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
  await db.signIn.updateMany({ where: { userId, endedAt: null }, data: { endedAt: new Date() } });
}
