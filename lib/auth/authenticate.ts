import { db } from "@/lib/db/client";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { DomainError } from "@/lib/errors";
import { emailSchema } from "@/lib/validation";
import { burnPasswordCheck, verifyPassword } from "./password";
import { loadRoles } from "./load-roles";
import type { Roles } from "./roles";

export type AuthenticatedUser = { id: string; email: string; name: string | null; roles: Roles };

const PER_EMAIL = { limit: 10, windowSeconds: 15 * 60 };
const PER_IP = { limit: 50, windowSeconds: 15 * 60 };

/**
 * Checks an e-mail and password. Returns null for any mismatch (unknown e-mail and wrong password look the
 * same, and take the same time). Throws RATE_LIMITED after too many attempts for an e-mail or an address,
 * whether or not the account exists.
 */
export async function authenticate(input: { email: unknown; password: unknown; ip: string }): Promise<AuthenticatedUser | null> {
  const email = emailSchema.safeParse(input.email);
  const password = typeof input.password === "string" && input.password.length <= 1024 ? input.password : null;
  if (!email.success || !password) return null;

  for (const [key, limit] of [[`signin:email:${email.data}`, PER_EMAIL], [`signin:ip:${input.ip}`, PER_IP]] as const) {
    const hit = await consumeRateLimit(db, key, limit);
    if (!hit.ok) {
      const minutes = Math.ceil(hit.retryAfterSeconds / 60);
      throw new DomainError("RATE_LIMITED", `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
        retryAfterSeconds: hit.retryAfterSeconds,
      });
    }
  }

  const user = await db.user.findUnique({ where: { email: email.data }, select: { id: true, email: true, name: true, passwordHash: true } });
  if (!user) return burnPasswordCheck(password).then(() => null);
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  const roles = await loadRoles(db, user.id);
  if (!roles) return null;
  return { id: user.id, email: user.email, name: user.name, roles };
}
