import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { authOptions } from "./options";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, deviceCookieWith } from "./device";
import type { Roles } from "./roles";

const secureCookies = () => process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;

/**
 * Sets next-auth's session cookie for a sign-in opened on the server (`openSession`), in a server action or
 * route handler. The token has the claims next-auth's own sign-in writes (sub, sid, sv, roles), so the `jwt`
 * callback checks it against the database on every request exactly like a password sign-in.
 */
export async function issueSessionCookie(input: { user: { id: string; email: string; name: string | null; roles: Roles }; sessionId: string; sessionVersion: number }): Promise<void> {
  const secret = authOptions.secret ?? process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET must be set to issue a session");
  const secure = secureCookies();
  const name = secure ? "__Secure-next-auth.session-token" : "next-auth.session-token";
  const maxAge = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60;
  const { user } = input;
  const value = await encode({
    token: { sub: user.id, email: user.email, name: user.name, roles: user.roles, sid: input.sessionId, sv: input.sessionVersion },
    secret,
    maxAge,
  });
  const jar = await cookies();
  jar.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge });
  // next-auth's double-submit CSRF cookie ("token|sha256(token + secret)", as next-auth makes it), which its own
  // sign-in page would have set: the server-rendered sign-out form needs it to sign out in one step.
  const csrfName = secure ? "__Host-next-auth.csrf-token" : "next-auth.csrf-token";
  if (!jar.get(csrfName)) {
    const csrf = randomBytes(32).toString("hex");
    jar.set(csrfName, `${csrf}|${createHash("sha256").update(`${csrf}${secret}`).digest("hex")}`, { httpOnly: true, sameSite: "lax", path: "/", secure });
  }
  // This browser has now signed in to the account: the owner is not slowed by others' failures here.
  jar.set(DEVICE_COOKIE, deviceCookieWith(jar.get(DEVICE_COOKIE)?.value, user.id), { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: DEVICE_COOKIE_MAX_AGE });
}
