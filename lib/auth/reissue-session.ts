import "server-only";
import { cookies, headers } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { db } from "@/lib/db/client";
import { authOptions } from "./options";
import { openSession } from "./sessions";

const NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/**
 * After the user's own password change every session ended, this one too; this opens a new one for the
 * browser that made the change (a server action or route handler may set cookies), so only the others end.
 */
export async function reissueSession(userId: string): Promise<void> {
  const jar = await cookies();
  const name = NAMES.find((n) => jar.get(n) !== undefined);
  const secret = authOptions.secret ?? process.env.NEXTAUTH_SECRET;
  if (!name || !secret) return;
  const token = await decode({ token: jar.get(name)?.value, secret }).catch(() => null);
  if (!token || token.sub !== userId) return;
  const h = await headers();
  const ip = h.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
  const { sessionId, sessionVersion } = await openSession(db, { userId, ip, userAgent: h.get("user-agent") ?? "" });
  const maxAge = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60;
  const value = await encode({ token: { ...token, sid: sessionId, sv: sessionVersion }, secret, maxAge });
  jar.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure: name.startsWith("__Secure-"), maxAge });
}
