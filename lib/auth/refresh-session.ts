import "server-only";
import { decode, encode } from "next-auth/jwt";
import { db } from "@/lib/db/client";
import { authOptions } from "./options";
import { checkSession, type LiveSession } from "./sessions";

const NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

export type RefreshedSession =
  | { live: LiveSession; cookie: { name: string; value: string; maxAge: number; secure: boolean } }
  | { live: null; cookie: { name: string } | null };

/**
 * The request gate (proxy.ts) routes by the roles copied into the session cookie, which go stale when a role
 * is granted or removed while the session is open. This re-checks the session against the database and
 * re-issues the cookie with the roles as they are now (or says the session has ended).
 */
export async function refreshSession(readCookie: (name: string) => string | undefined): Promise<RefreshedSession> {
  const name = NAMES.find((n) => readCookie(n) !== undefined);
  const secret = authOptions.secret ?? process.env.NEXTAUTH_SECRET;
  if (!name || !secret) return { live: null, cookie: null };
  const token = await decode({ token: readCookie(name), secret }).catch(() => null);
  const live = token ? await checkSession(db, token) : null;
  if (!token || !live) return { live: null, cookie: { name } };
  const maxAge = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60;
  const value = await encode({ token: { ...token, email: live.email, name: live.name, roles: live.roles }, secret, maxAge });
  return { live, cookie: { name, value, maxAge, secure: name.startsWith("__Secure-") } };
}
