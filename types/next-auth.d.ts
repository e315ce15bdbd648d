import type { Roles } from "@/lib/auth/roles";

declare module "next-auth" {
  interface User {
    roles: Roles;
    /** The sign-in (session) row this session was opened as, and the user's session version then. */
    sessionId: string;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; email: string; name: string | null; roles: Roles; sessionId?: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    roles?: Roles;
    sid?: string;
    sv?: number;
  }
}
