import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { emailSchema } from "@/lib/validation";
import { deviceCookieWith, deviceUsers } from "./device";
import { burnPasswordCheck, verifyPassword } from "./password";
import { loadRoles } from "./load-roles";
import type { Roles } from "./roles";
import { openSession } from "./sessions";
import { clearFailures, recordFailures, throttleWait, type ThrottlePolicy } from "./throttle";
import { verifySecondFactor } from "@/lib/users/two-factor";

/** Thrown (as the message next-auth hands the sign-in form) when the password was right and a code is due. */
export const TWO_FACTOR_REQUIRED = "Enter the 6-digit code from your authenticator app, or a recovery code.";
export const TWO_FACTOR_WRONG = "That code is not right. Enter the code your app shows now, or a recovery code.";

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
  /** A code from the authenticator app or a recovery code, for accounts with two-factor sign-in. */
  code?: unknown;
}): Promise<AuthenticatedUser | null> {
  const email = emailSchema.safeParse(input.email);
  const password = typeof input.password === "string" && input.password.length <= 1024 ? input.password : null;
  if (!email.success || !password) return null;

  const emailKey = `email:${email.data}`;
  const ipKey = `ip:${input.ip}`;
  const code = typeof input.code === "string" && input.code.trim() ? input.code.trim().slice(0, 100) : null;
  const user = await db.user.findFirst({
    where: { email: email.data, deletedAt: null },
    select: { id: true, email: true, name: true, passwordHash: true, totpSecret: true, totpLastStep: true, lockedAt: true },
  });
  const knownDevice = user !== null && deviceUsers(input.device).includes(user.id);
  // Passing the second factor also proves the owner: such an attempt is not held back by others' failures.
  const withSecondFactor = user?.totpSecret != null && code !== null;

  const [emailWait, ipWait] = await Promise.all([throttleWait(db, emailKey, PER_EMAIL), throttleWait(db, ipKey, PER_IP)]);
  const emailThrottled = emailWait > 0 && !knownDevice;
  if (ipWait > 0 || (emailThrottled && !withSecondFactor)) refuse(Math.max(ipWait, emailThrottled ? emailWait : 0));

  const failed = async () => {
    // A known device's failures still count for its address, not against the e-mail's owner elsewhere.
    await recordFailures(db, knownDevice ? [ipKey] : [emailKey, ipKey]);
    return null;
  };
  const ok = user ? await verifyPassword(user.passwordHash, password) : await burnPasswordCheck(password).then(() => false);
  if (!user || !ok) return failed();
  // Locked by a platform admin (lib/admin/lock-user.ts): the right password still does not sign in.
  if (user.lockedAt) throw new DomainError("FORBIDDEN", "This account is locked. Contact support to unlock it.");
  if (user.totpSecret) {
    if (code === null) throw new DomainError("UNAUTHENTICATED", TWO_FACTOR_REQUIRED);
    if (!(await verifySecondFactor(db, { id: user.id, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep }, code))) {
      await failed();
      // While the e-mail is held back, a wrong code must not tell that the password was right.
      if (emailThrottled) return null;
      throw new DomainError("UNAUTHENTICATED", TWO_FACTOR_WRONG);
    }
  }
  const roles = await loadRoles(db, user.id);
  if (!roles) return failed();
  await clearFailures(db, emailKey);
  const session = await openSession(db, { userId: user.id, ip: input.ip, userAgent: input.userAgent ?? "" });
  return { id: user.id, email: user.email, name: user.name, roles, ...session, device: deviceCookieWith(input.device, user.id) };
}
