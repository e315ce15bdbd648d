import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { DomainError } from "@/lib/errors";
import { authenticate } from "./authenticate";
import { safeRedirect } from "./callback-url";
import { loadRoles } from "./load-roles";
import { db } from "@/lib/db/client";
import { clientAddress } from "@/lib/http/client-address";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          const user = await authenticate({ email: credentials?.email, password: credentials?.password, ip: clientAddress(req.headers) });
          return user ? { id: user.id, email: user.email, name: user.name, roles: user.roles } : null;
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
    async jwt({ token, user, trigger }) {
      if (user) token.roles = user.roles;
      // The client calls update() after something changed the user's roles (e.g. a business was created).
      if (trigger === "update" && token.sub) token.roles = (await loadRoles(db, token.sub)) ?? token.roles;
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? null,
        roles: token.roles ?? { admin: false, staff: [] },
      };
      return session;
    },
  },
};
