import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors";
import { cancelMemberSubscriptions } from "@/lib/memberships/cancel-member-subscriptions";
import { consumeRateLimit } from "@/lib/rate-limit/consume";

const LIMIT = { limit: 10, windowSeconds: 15 * 60 };

/**
 * Deletes a member's account after checking their password. Personal data is erased (e-mail, name,
 * password, notifications, preferences, shop ids); memberships end (LEFT). Policy on money: nothing is
 * posted — balances, rewards and the ledger history stay as they are, recorded against the anonymous
 * membership, for the provider's books. Paid memberships stop charging first (if Stripe cannot be reached,
 * nothing is deleted). Staff and platform admins must first be removed from those roles.
 */
export async function deleteAccount(userId: string, input: { password: unknown }): Promise<void> {
  const password = typeof input.password === "string" ? input.password : "";
  if (!password) throw new DomainError("VALIDATION", "Enter your password to confirm.", { field: "password" });
  const hit = await consumeRateLimit(db, `delete-account:${userId}`, LIMIT);
  if (!hit.ok) throw new DomainError("RATE_LIMITED", "Too many attempts. Try again in a few minutes.", { retryAfterSeconds: hit.retryAfterSeconds });
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { email: true, passwordHash: true, isAdmin: true, _count: { select: { staff: true } } } });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  if (!(await verifyPassword(user.passwordHash, password))) throw new DomainError("VALIDATION", "That is not your password.", { field: "password" });
  if (user.isAdmin || user._count.staff > 0) {
    throw new DomainError("CONFLICT", "This account works for a business or the platform. Ask to be removed from that role before deleting it.");
  }
  const memberships = await db.member.findMany({ where: { userId }, select: { id: true } });
  await cancelMemberSubscriptions(memberships.map((m) => m.id));
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.member.updateMany({ where: { userId, status: { not: "LEFT" } }, data: { status: "LEFT", statusChangedAt: now } });
    await tx.member.updateMany({ where: { userId }, data: { externalId: null } });
    await tx.notification.deleteMany({ where: { userId } });
    await tx.notificationPreference.deleteMany({ where: { userId } });
    await tx.signupRequest.deleteMany({ where: { email: user.email } });
    await tx.user.update({
      where: { id: userId },
      data: {
        email: `deleted-${userId}@invalid`,
        name: null,
        // Not an argon2 hash of anything: no password can ever match it.
        passwordHash: `!deleted:${randomBytes(16).toString("hex")}`,
        deletedAt: now,
      },
    });
  });
}
