import type { Roles } from "@/lib/auth/roles";

declare module "next-auth" {
  interface User {
    roles: Roles;
  }
  interface Session {
    user: { id: string; email: string; name: string | null; roles: Roles };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    roles?: Roles;
  }
}
