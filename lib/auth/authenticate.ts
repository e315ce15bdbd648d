import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { emailSchema } from "@/lib/validation";
import { deviceCookieWith, deviceUsers } from "./device";
import { burnPasswordCheck, verifyPassword } from "./password";
import { loadRoles } from "./load-roles";
import type { Roles } from "./roles";
import { openSession } from "./sessions";
import { clearFailures, recordFailures, throttleWait, type ThrottlePolicy } from "./throttle";

export type AuthenticatedUser = {
  id: string;
  email: string;
  name: string | null;
  roles: Roles;
  /** The recorded sign-in this session is, and the user's session version: both go into the session token. */
  sessionId: string;
  sessionVersion: number;
  /** The new value of the device cookie (lib/auth/device.ts). */
  device: string;
};

// Per e-mail: five free failures, then growing waits. A device the account has signed in on is exempt, so
// someone guessing at an e-mail never keeps its owner out. Per address: many more, for shared networks.
const PER_EMAIL: ThrottlePolicy = { free: 5 };
const PER_IP: ThrottlePolicy = { free: 30 };

function refuse(seconds: number): never {
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? "" : "s"}`;
  throw new DomainError("RATE_LIMITED", `Too many failed sign-in attempts. Try again in ${wait}.`, { retryAfterSeconds: seconds });
}

/**
 * Checks an e-mail and password and records the sign-in. Returns null for any mismatch (unknown e-mail and
 * wrong password look the same, and take the same time). Only failures count: after a few for an e-mail or
 * an address, the next attempt must wait (RATE_LIMITED), whether or not the account exists — except on a
 * device the account signed in on before, where only the address' count applies.
 */
export async function authenticate(input: {
  email: unknown;
  password: unknown;
  ip: string;
  userAgent?: string;
  device?: string | null;
}): Promise<AuthenticatedUser | null> {
  const email = emailSchema.safeParse(input.email);
  const password = typeof input.password === "string" && input.password.length <= 1024 ? input.password : null;
  if (!email.success || !password) return null;

  const emailKey = `email:${email.data}`;
  const ipKey = `ip:${input.ip}`;
  const user = await db.user.findFirst({ where: { email: email.data, deletedAt: null }, select: { id: true, email: true, name: true, passwordHash: true } });
  const knownDevice = user !== null && deviceUsers(input.device).includes(user.id);

  const waits = await Promise.all([knownDevice ? 0 : throttleWait(db, emailKey, PER_EMAIL), throttleWait(db, ipKey, PER_IP)]);
  const wait = Math.max(...waits);
  if (wait > 0) refuse(wait);

  const ok = user ? await verifyPassword(user.passwordHash, password) : await burnPasswordCheck(password).then(() => false);
  const roles = ok && user ? await loadRoles(db, user.id) : null;
  if (!user || !roles) {
    // A known device's failures still count for its address, not against the e-mail's owner elsewhere.
    await recordFailures(db, knownDevice ? [ipKey] : [emailKey, ipKey]);
    return null;
  }
  await clearFailures(db, emailKey);
  const session = await openSession(db, { userId: user.id, ip: input.ip, userAgent: input.userAgent ?? "" });
  return { id: user.id, email: user.email, name: user.name, roles, ...session, device: deviceCookieWith(input.device, user.id) };
}
