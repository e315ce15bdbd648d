import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { DomainError } from "@/lib/errors";
import { authenticate } from "./authenticate";
import { safeRedirect } from "./callback-url";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, cookieFromHeader } from "./device";
import { checkSession, endSession } from "./sessions";
import { db } from "@/lib/db/client";
import { clientAddress } from "@/lib/http/client-address";

function header(headers: Record<string, string | string[] | undefined> | undefined, name: string): string {
  const value = headers?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** Remembers this browser for the account (a signed cookie); best effort outside a route handler. */
async function rememberDevice(value: string): Promise<void> {
  try {
    const { cookies } = await import("next/headers");
    (await cookies()).set(DEVICE_COOKIE, value, {
      httpOnly: true,
      sameSite: "lax",
      secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
      path: "/",
      maxAge: DEVICE_COOKIE_MAX_AGE,
    });
  } catch (error) {
    console.warn("could not set the device cookie", error);
  }
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" }, code: { label: "Code", type: "text" } },
      async authorize(credentials, req) {
        try {
          const user = await authenticate({
            email: credentials?.email,
            password: credentials?.password,
            ip: clientAddress(req.headers),
            userAgent: header(req.headers, "user-agent"),
            device: cookieFromHeader(req.headers?.cookie, DEVICE_COOKIE),
            code: credentials?.code,
          });
          if (!user) return null;
          await rememberDevice(user.device);
          return { id: user.id, email: user.email, name: user.name, roles: user.roles, sessionId: user.sessionId, sessionVersion: user.sessionVersion };
        } catch (error) {
          // next-auth hands a thrown message to the client as `error`; only our own messages may go there.
          if (error instanceof DomainError) throw new Error(error.message);
          console.error("sign-in failed", error);
          throw new Error("Sign-in is unavailable right now. Please try again.");
        }
      },
    }),
  ],
  callbacks: {
    // Only same-origin paths survive; anything else (another host, control characters) goes to the base URL.
    redirect: safeRedirect,
    async jwt({ token, user }) {
      if (user) return { ...token, roles: user.roles, sid: user.sessionId, sv: user.sessionVersion };
      // Every request that asks for the session checks it against the database (signed out, password
      // changed, account deleted) and takes the roles as they are now (a role granted or removed meanwhile).
      const live = await checkSession(db, token);
      if (!live) return { revoked: true };
      return { ...token, email: live.email, name: live.name, roles: live.roles };
    },
    session({ session, token }) {
      session.user = {
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? null,
        roles: token.roles ?? { admin: false, staff: [] },
        sessionId: token.sid,
      };
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (token) await endSession(db, token);
    },
  },
};
