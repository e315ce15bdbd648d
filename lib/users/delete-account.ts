import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors";
import { cancelMemberSubscriptions } from "@/lib/memberships/cancel-member-subscriptions";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { checkForfeit, forfeitSchema, moneyAtDeletion, settleDeletedMember } from "./settle-deleted-account";

const LIMIT = { limit: 10, windowSeconds: 15 * 60 };

/**
 * Deletes a member's account after checking their password. Personal data is erased (e-mail, name,
 * password, notifications, preferences, shop ids); memberships end (LEFT). Money (docs/money-rules.md,
 * "Deleted accounts"): the member is offered a final withdrawal first; if they still hold money, `forfeit`
 * must name exactly what they hold per program, and then pending cashback is cancelled and the available
 * balance moves to each business's unclaimed funds, in the same transaction as the erasure. Money set aside
 * for a withdrawal in progress blocks deletion until it is done. The ledger history stays, against the
 * anonymous membership. Paid memberships stop charging first (if Stripe cannot be reached, nothing is
 * deleted). Staff and platform admins must first be removed from those roles.
 */
export async function deleteAccount(userId: string, input: { password: unknown; forfeit?: unknown }): Promise<void> {
  const password = typeof input.password === "string" ? input.password : "";
  const parsedForfeit = forfeitSchema.safeParse(input.forfeit ?? []);
  if (!parsedForfeit.success) throw new DomainError("VALIDATION", "The confirmation of your balances is not readable. Reload the page and try again.", { field: "forfeit" });
  const forfeit = parsedForfeit.data;
  if (!password) throw new DomainError("VALIDATION", "Enter your password to confirm.", { field: "password" });
  const hit = await consumeRateLimit(db, `delete-account:${userId}`, LIMIT);
  if (!hit.ok) throw new DomainError("RATE_LIMITED", "Too many attempts. Try again in a few minutes.", { retryAfterSeconds: hit.retryAfterSeconds });
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { email: true, passwordHash: true, isAdmin: true, _count: { select: { staff: true } } } });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  if (!(await verifyPassword(user.passwordHash, password))) throw new DomainError("VALIDATION", "That is not your password.", { field: "password" });
  if (user.isAdmin || user._count.staff > 0) {
    throw new DomainError("CONFLICT", "This account works for a business or the platform. Ask to be removed from that role before deleting it.");
  }
  // Checked before Stripe is asked to stop charging, and again under locks below.
  checkForfeit(await moneyAtDeletion(db, userId), forfeit);
  const memberships = await db.member.findMany({ where: { userId }, select: { id: true } });
  await cancelMemberSubscriptions(memberships.map((m) => m.id));
  const now = new Date();
  await db.$transaction(async (tx) => {
    // The user row first: two deletions of one account take turns, and the second finds it deleted.
    const [live] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE id = ${userId}::uuid AND deleted_at IS NULL FOR UPDATE`;
    if (!live) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
    const held = await moneyAtDeletion(tx, userId);
    checkForfeit(held, forfeit);
    // Every membership, also one with no balance: a reward awaiting review would otherwise be approved later.
    for (const m of memberships) await settleDeletedMember(tx, m.id, { type: "USER", id: userId });
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
  }, { timeout: 15_000, maxWait: 10_000 });
}
